/** Recall notices: queued for the tenant's notification targets and sent by the report dispatcher. */
package io.coldchain.records.recall;
