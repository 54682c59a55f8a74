package io.coldchain.records.report;

import io.coldchain.records.log.LocalPeriod;
import io.coldchain.records.report.SelfInspection.Month;
import io.coldchain.records.report.SelfInspection.SiteYear;
import io.coldchain.registry.RegistryView.Site;
import io.coldchain.registry.region.RegionSites;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a tenant's {@link SelfInspection} for a year: every site's monthly compliance reports
 * ({@link ComplianceReportService}, so the same figures as the monthly reports), from January to the
 * month containing now in the site's zone. Months not begun are left out.
 */
public final class SelfInspectionService {
    private final ComplianceReportService reports;
    private final RegionSites sites = new RegionSites();

    public SelfInspectionService(ComplianceReportService reports) {
        this.reports = reports;
    }

    public SelfInspection build(Connection c, String tenant, int year, Instant now, String generatedBy)
            throws SQLException {
        List<SiteYear> out = new ArrayList<>();
        for (RegionSites.Site s : sites.ofTenant(c, tenant)) {
            Site site = reports.logs().site(c, tenant, s.site());
            List<Month> months = new ArrayList<>();
            for (int m = 1; m <= 12; m++) {
                LocalDate first = LocalDate.of(year, m, 1);
                if (!reports.period(site, LocalPeriod.Kind.MONTH, first).from().isBefore(now)) {
                    break;
                }
                months.add(Month.of(reports.build(c, site, LocalPeriod.Kind.MONTH, first, now, generatedBy)));
            }
            out.add(new SiteYear(
                    site.site(), site.name(), reports.logs().zoneOf(site).getId(), months));
        }
        return new SelfInspection(tenant, year, out);
    }
}
