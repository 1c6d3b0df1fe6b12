-- OAuth connect flow: one row per started authorization (POST .../integrations/{vendor}/connect).
-- The state value itself is never stored, only its SHA-256 (hex); the PKCE code_verifier is kept
-- encrypted with the credential vault until the callback redeems it. A state is single use
-- (used_at) and expires (expires_at, ten minutes after it was issued). request holds the connect
-- body (baseUrl, settings, syncMode) applied when the callback completes.
CREATE TABLE oauth_state (
    state_hash          VARCHAR(64)   PRIMARY KEY,
    org_id              VARCHAR(64)   NOT NULL REFERENCES org(id),
    vendor              VARCHAR(16)   NOT NULL,
    redirect_uri        VARCHAR(1000) NOT NULL,
    code_verifier_enc   TEXT,
    request             TEXT,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE,
    CONSTRAINT oauth_state_vendor CHECK (vendor IN ('salesforce', 'hubspot', 'pipedrive', 'zoho', 'marketo', 'pardot'))
);
CREATE INDEX oauth_state_expiry ON oauth_state (expires_at);
