package io.leadhub.connector.salesforce;

import io.leadhub.connector.BatchIsolation;
import io.leadhub.connector.SyncBatch;
import org.springframework.stereotype.Component;

/**
 * The Salesforce connector's steps, as the route {@code vendor-salesforce} calls them. Every lead is
 * matched with the strategy frozen on its row (SPEC §9) by batched SOQL lookups
 * ({@link SalesforceMatcher}), its payload checked against the describe metadata
 * ({@link SalesforcePreCheck}) and written with sObject Collections ({@link SalesforceWriter}: 200
 * records per call, allOrNone=false, a call refused as a whole narrowed by {@link BatchIsolation}).
 * Then custom-object records, Tasks for activities (once each) and Campaign membership (status
 * never moves backwards). What the match step decides for a lead travels on the lead's item to the
 * later steps ({@link SalesforcePlan}). Failure messages name the object and the Salesforce code,
 * never the SOQL.
 */
@Component("salesforceConnector")
public class SalesforceConnector {
    private final SalesforceMatcher matcher;
    private final SalesforcePreCheck preCheck;
    private final SalesforceWriter writer;
    private final SalesforceCustomObjectWriter customObjects;
    private final SalesforceTaskWriter tasks;
    private final SalesforceCampaignMemberWriter campaignMembers;

    SalesforceConnector(
            SalesforceMatcher matcher,
            SalesforcePreCheck preCheck,
            SalesforceWriter writer,
            SalesforceCustomObjectWriter customObjects,
            SalesforceTaskWriter tasks,
            SalesforceCampaignMemberWriter campaignMembers) {
        this.matcher = matcher;
        this.preCheck = preCheck;
        this.writer = writer;
        this.customObjects = customObjects;
        this.tasks = tasks;
        this.campaignMembers = campaignMembers;
    }

    /** Step {@code salesforce-match-records}: the record each pending lead updates, or what it creates. */
    public SyncBatch matchRecords(SyncBatch batch) {
        return matcher.matchRecords(batch);
    }

    /** Step {@code salesforce-check-fields}: payloads checked against the describe before any write. */
    public SyncBatch checkFields(SyncBatch batch) {
        return preCheck.checkFields(batch);
    }

    /** Step {@code salesforce-write-records}: Accounts, then Leads and Contacts, created or updated. */
    public SyncBatch writeRecords(SyncBatch batch) {
        return writer.writeRecords(batch);
    }

    /** Step {@code salesforce-write-custom-objects}: the custom-object records mapped per lead. */
    public SyncBatch writeCustomObjects(SyncBatch batch) {
        return customObjects.writeCustomObjects(batch);
    }

    /** Step {@code salesforce-log-tasks}: a Task per activity, once each. */
    public SyncBatch logTasks(SyncBatch batch) {
        return tasks.logTasks(batch);
    }

    /** Step {@code salesforce-campaign-members}: membership in the event's Campaign. */
    public SyncBatch writeCampaignMembers(SyncBatch batch) {
        return campaignMembers.writeCampaignMembers(batch);
    }
}
