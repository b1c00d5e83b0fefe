package vn.qrcheckin.report.rest;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import vn.qrcheckin.report.domain.Area;
import vn.qrcheckin.report.service.ReportService;
import vn.qrcheckin.report.service.ReportService.Sort;
import vn.qrcheckin.report.service.ReportTables;
import vn.qrcheckin.web.Callers;
import vn.qrcheckin.web.Params;
import vn.qrcheckin.web.ProblemException;

@Path("/api/v1/reports")
@Produces({ MediaType.APPLICATION_JSON, Exports.CSV_TYPE, Exports.XLSX_TYPE })
@RolesAllowed({ "admin", "operator" })
@Tag(name = "Reports", description = "Figures by area and local day (Asia/Ho_Chi_Minh). An operator sees the area in its token and what lies "
        + "within; an admin every area. Every table also as CSV (Accept: text/csv or format=csv; UTF-8 with BOM) or XLSX (Accept: "
        + Exports.XLSX_TYPE + " or format=xlsx), with Vietnamese headers and cells a spreadsheet would run made inert.")
public class ReportResource {

    private static final String AREA = "A province, district or commune code; none (or VN) for the nation";
    private static final String FORMAT = "json (default), csv or xlsx; Accept: text/csv or the XLSX type does the same";

    private final ReportService reports;
    private final SecurityIdentity identity;

    public ReportResource(ReportService reports, SecurityIdentity identity) {
        this.reports = reports;
        this.identity = identity;
    }

    private Area area(String raw) {
        return reports.area(Callers.of(identity), ReportParams.area(raw));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "The figures of an area on a day")
    public Uni<Response> summary(@Parameter(description = AREA, example = "01") @QueryParam("area") String area,
            @Parameter(description = "yyyy-MM-dd; today when absent", example = "2021-09-15") @QueryParam("date") String date,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        LocalDate day = ReportParams.date(date, "date");
        Area a = area(area);
        return reports.summary(a, day).map(f -> out.respond(f, () -> ReportTables.figures("tong-hop-" + a.code() + "-" + day, List.of(f))));
    }

    @GET
    @Path("/children")
    @Operation(summary = "The same figures for each area one level down, sorted",
            description = "sort: code or name (A to Z), or a figure's name (largest first), e.g. newVenues7dAvg to rank districts by new venues.")
    public Uni<Response> children(@Parameter(description = AREA, example = "01") @QueryParam("area") String area,
            @Parameter(description = "yyyy-MM-dd; today when absent") @QueryParam("date") String date,
            @Parameter(description = "code (default), name or a figure's name") @QueryParam("sort") String sort,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        LocalDate day = ReportParams.date(date, "date");
        Sort order = sort(sort);
        Area a = area(area);
        return reports.children(a, day, order)
                .map(c -> out.respond(c, () -> ReportTables.figures("cap-duoi-" + a.code() + "-" + day, c.children())));
    }

    @GET
    @Path("/series")
    @Operation(summary = "The figures of an area for each day of a range (at most 92 days; the last 30 by default)")
    public Uni<Response> series(@Parameter(description = AREA, example = "01") @QueryParam("area") String area,
            @Parameter(description = "yyyy-MM-dd; 29 days before to when absent", example = "2021-09-01") @QueryParam("from") String from,
            @Parameter(description = "yyyy-MM-dd; today when absent", example = "2021-09-30") @QueryParam("to") String to,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        LocalDate last = ReportParams.date(to, "to");
        // Without a start: the 30 days ending on to, what the dashboard's charts show.
        LocalDate first = from == null || from.isBlank() ? last.minusDays(29) : ReportParams.date(from, "from");
        Area a = area(area);
        return reports.series(a, first, last)
                .map(s -> out.respond(s, () -> ReportTables.figures("theo-ngay-" + a.code() + "-" + first + "-" + last, s.days())));
    }

    @GET
    @Path("/weekly")
    @Operation(summary = "The week ending on a day against the week before: registered, new and active venues, scans, distinct people",
            description = "Distinct people and active venues are counted exactly from the day sets, kept for the retention (35 days): "
                    + "for older weeks they are null.")
    public Uni<Response> weekly(@Parameter(description = AREA, example = "01") @QueryParam("area") String area,
            @Parameter(description = "yyyy-MM-dd, the week's last day; today when absent") @QueryParam("weekEnding") String weekEnding,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        LocalDate end = ReportParams.date(weekEnding, "weekEnding");
        Area a = area(area);
        return reports.weekly(a, end).map(w -> out.respond(w, () -> ReportTables.weekly(w)));
    }

    @GET
    @Path("/zero-scan-communes")
    @Operation(summary = "Communes of the area without a scan on the day, by code, a page at a time (after = the previous page's nextAfter)")
    public Uni<Response> zeroScanCommunes(@Parameter(description = AREA, example = "268") @QueryParam("area") String area,
            @Parameter(description = "yyyy-MM-dd; today when absent") @QueryParam("date") String date,
            @QueryParam("after") String after, @QueryParam("limit") String limit,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        LocalDate day = ReportParams.date(date, "date");
        String from = ReportParams.afterCode(after);
        int size = Params.intIn(limit, "limit", 100, 1, 1000);
        Area a = area(area);
        return reports.zeroScanCommunes(a, day, from, size).map(p -> out.respond(p, () -> ReportTables.communes(p)));
    }

    @GET
    @Path("/inactive-venues")
    @Operation(summary = "Registered venues of the area without a scan in the last N days (today included), by id, a page at a time")
    public Uni<Response> inactiveVenues(@Parameter(description = AREA, example = "268") @QueryParam("area") String area,
            @Parameter(description = "1 to 365, default 7") @QueryParam("days") String days,
            @QueryParam("after") String after, @QueryParam("limit") String limit,
            @Parameter(description = FORMAT) @QueryParam("format") String format, @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        Exports out = Exports.of(format, accept);
        int n = Params.intIn(days, "days", 7, 1, 365);
        long from = Params.after(after);
        int size = Params.intIn(limit, "limit", 100, 1, 1000);
        Area a = area(area);
        return reports.inactiveVenues(a, n, from, size).map(p -> out.respond(p, () -> ReportTables.inactive(p)));
    }

    private static Sort sort(String raw) {
        if (raw == null || raw.isBlank()) {
            return Sort.CODE;
        }
        Sort s = Sort.byField(raw.strip());
        if (s == null) {
            throw ProblemException.invalid("sort", "must be one of " + Arrays.stream(Sort.values()).map(v -> v.field).collect(Collectors.joining(", ")));
        }
        return s;
    }
}
