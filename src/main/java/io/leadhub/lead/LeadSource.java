package io.leadhub.lead;

/** How a lead was captured. */
public enum LeadSource {
    BADGE_SCAN,
    MANUAL,
    CAMERA_ROLL,
    CSV
}
