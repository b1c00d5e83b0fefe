package vn.qrcheckin.venue.service;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.contracts.VenueEvent;
import vn.qrcheckin.contracts.VenueType;
import vn.qrcheckin.venue.config.VenueConfig;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.venue.domain.OutboxEntry;
import vn.qrcheckin.venue.domain.Venue;
import vn.qrcheckin.venue.repository.OutboxRepository;
import vn.qrcheckin.venue.repository.VenueRepository;

/**
 * Bulk registration from a CSV (an agency registering all its branches).
 *
 * <p>The contract: the file as a whole must be readable (UTF-8, within the size and row limits, with the
 * required header), else nothing is stored and the answer is a 400 problem. Then each row stands alone: in
 * the default mode {@link Mode#SKIP_INVALID} every valid row is registered and every invalid row is
 * skipped and reported with its line and fields; in {@link Mode#ALL_OR_NOTHING} one invalid row rejects
 * the file (422, every bad row reported) and nothing is stored.
 */
@ApplicationScoped
public class VenueImportService {

    public enum Mode {
        SKIP_INVALID,
        ALL_OR_NOTHING
    }

    static final List<String> REQUIRED_COLUMNS = List.of("name", "type", "address", "commune_code", "owner_name", "owner_phone");
    static final List<String> OPTIONAL_COLUMNS = List.of("latitude", "longitude");

    /** The outcome of one data row; {@code line} is the line number in the file (the header is line 1). */
    public record RowResult(int line, String status, Long venueId, List<FieldError> errors) {
    }

    public record ImportReport(Mode mode, int rows, int created, int rejected, List<RowResult> results) {
    }

    private record ParsedRow(int line, Venue venue, List<FieldError> errors) {
    }

    private final VenueService venues;
    private final VenueRepository venueRows;
    private final OutboxRepository outbox;
    private final VenueEvents events;
    private final Pool pool;
    private final VenueConfig config;

    public VenueImportService(VenueService venues, VenueRepository venueRows, OutboxRepository outbox, VenueEvents events, Pool pool,
            VenueConfig config) {
        this.venues = venues;
        this.venueRows = venueRows;
        this.outbox = outbox;
        this.events = events;
        this.pool = pool;
        this.config = config;
    }

    public Uni<ImportReport> importCsv(Caller caller, byte[] body, Mode mode) {
        List<ParsedRow> rows = parse(caller, body);
        List<ParsedRow> valid = rows.stream().filter(r -> r.errors().isEmpty()).toList();
        if (mode == Mode.ALL_OR_NOTHING && valid.size() < rows.size()) {
            List<FieldError> errors = rows.stream().filter(r -> !r.errors().isEmpty())
                    .flatMap(r -> r.errors().stream().map(e -> new FieldError("line " + r.line() + ": " + e.field(), e.message())))
                    .toList();
            throw new ProblemException(422, "Import rejected", (rows.size() - valid.size()) + " of " + rows.size()
                    + " rows are invalid; nothing was stored (mode=all-or-nothing)", errors);
        }
        int chunk = config.bulkImport().chunkSize();
        List<List<Venue>> chunks = new ArrayList<>();
        for (int i = 0; i < valid.size(); i += chunk) {
            chunks.add(valid.subList(i, Math.min(valid.size(), i + chunk)).stream().map(ParsedRow::venue).toList());
        }
        // All or nothing: one transaction. Otherwise a transaction per chunk, so a huge file never holds
        // one long transaction, and each chunk's events go out as soon as it commits.
        Uni<Void> store = mode == Mode.ALL_OR_NOTHING
                ? pool.withTransaction(conn -> storeAll(conn, chunks)).chain(events::publish)
                : Multi.createFrom().iterable(chunks)
                        .onItem().transformToUniAndConcatenate(c -> pool.withTransaction(conn -> store(conn, c)).chain(events::publish))
                        .collect().last().replaceWithVoid();
        return store.map(v -> report(mode, rows));
    }

    private Uni<List<OutboxEntry>> storeAll(SqlConnection conn, List<List<Venue>> chunks) {
        List<OutboxEntry> all = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<Venue> c : chunks) {
            chain = chain.chain(() -> store(conn, c).invoke(all::addAll).replaceWithVoid());
        }
        return chain.replaceWith(all);
    }

    /** Writes a chunk and its events on one connection: three pipelined statements for a thousand rows. */
    private Uni<List<OutboxEntry>> store(SqlConnection conn, List<Venue> chunk) {
        return venueRows.allocateIds(conn, chunk.size())
                .invoke(ids -> venues.assignIds(chunk, ids))
                .chain(() -> venueRows.insertAll(conn, chunk))
                .chain(() -> outbox.insertAll(conn, chunk.stream().map(v -> events.entryFor(v, VenueEvent.Type.CREATED)).toList()));
    }

    private static ImportReport report(Mode mode, List<ParsedRow> rows) {
        List<RowResult> results = rows.stream()
                .map(r -> r.errors().isEmpty() ? new RowResult(r.line(), "CREATED", r.venue().id, null)
                        : new RowResult(r.line(), "REJECTED", null, r.errors()))
                .toList();
        int created = (int) results.stream().filter(r -> r.venueId() != null).count();
        return new ImportReport(mode, rows.size(), created, rows.size() - created, results);
    }

    private List<ParsedRow> parse(Caller caller, byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("file", "is empty");
        }
        if (body.length > config.bulkImport().maxBytes()) {
            throw new ProblemException(413, "File too large", "the CSV has " + body.length + " bytes; at most "
                    + config.bulkImport().maxBytes() + " are accepted", List.of(new FieldError("file", "too large")));
        }
        String text = utf8(body);
        List<CsvReader.Line> lines = CsvReader.parse(text);
        if (lines.isEmpty()) {
            throw ProblemException.invalid("file", "has no header line");
        }
        List<String> header = lines.get(0).cells().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !header.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("file", "header lacks column(s) " + String.join(", ", missing) + "; expected "
                    + String.join(",", REQUIRED_COLUMNS) + "[," + String.join(",", OPTIONAL_COLUMNS) + "]");
        }
        int dataRows = lines.size() - 1;
        if (dataRows == 0) {
            throw ProblemException.invalid("file", "has a header but no rows");
        }
        if (dataRows > config.bulkImport().maxRows()) {
            throw new ProblemException(413, "Too many rows", "the CSV has " + dataRows + " rows; at most " + config.bulkImport().maxRows()
                    + " per file", List.of(new FieldError("file", "too many rows")));
        }
        Map<String, Integer> col = header.stream().distinct().collect(Collectors.toMap(h -> h, header::indexOf));
        List<ParsedRow> rows = new ArrayList<>(dataRows);
        for (CsvReader.Line line : lines.subList(1, lines.size())) {
            rows.add(parseRow(caller, line, col, header.size()));
        }
        return rows;
    }

    private ParsedRow parseRow(Caller caller, CsvReader.Line line, Map<String, Integer> col, int width) {
        List<FieldError> errors = new ArrayList<>();
        if (line.cells().size() != width) {
            errors.add(new FieldError("row", "has " + line.cells().size() + " cells, the header has " + width));
            return new ParsedRow(line.lineNumber(), null, errors);
        }
        VenueType type = null;
        String rawType = cell(line, col, "type");
        if (rawType != null) {
            try {
                type = VenueType.valueOf(rawType.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("type", "unknown venue type '" + rawType + "'"));
            }
        }
        Double lat = number(cell(line, col, "latitude"), "latitude", errors);
        Double lon = number(cell(line, col, "longitude"), "longitude", errors);
        // A bad type is reported, and the row's other fields are still checked (as type OTHER) so that one
        // answer lists every mistake of the row.
        VenueType checkedType = type != null || rawType == null ? type : VenueType.OTHER;
        VenueInput input = new VenueInput(cell(line, col, "name"), checkedType, cell(line, col, "address"),
                cell(line, col, "commune_code"), cell(line, col, "owner_name"), cell(line, col, "owner_phone"), lat, lon);
        Venue venue = null;
        try {
            venue = venues.newVenue(caller, input);
        } catch (ProblemException e) {
            errors.addAll(e.errors().isEmpty() ? List.of(new FieldError("commune_code", e.getMessage())) : e.errors());
        }
        return new ParsedRow(line.lineNumber(), errors.isEmpty() ? venue : null, errors.stream().map(VenueImportService::csvField).toList());
    }

    /** Names CSV columns the way the file does (commune_code, not communeCode). */
    private static FieldError csvField(FieldError e) {
        return new FieldError(e.field().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT), e.message());
    }

    private static String cell(CsvReader.Line line, Map<String, Integer> col, String name) {
        Integer i = col.get(name);
        if (i == null) {
            return null;
        }
        String v = line.cells().get(i);
        return v.isBlank() && OPTIONAL_COLUMNS.contains(name) ? null : v;
    }

    private static Double number(String raw, String field, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        try {
            return Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "is not a number"));
            return null;
        }
    }

    private static String utf8(byte[] body) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (MalformedInputException e) {
            throw ProblemException.invalid("file", "is not UTF-8 text (save the CSV as UTF-8; Excel: \"CSV UTF-8\")");
        } catch (CharacterCodingException e) {
            throw ProblemException.invalid("file", "is not UTF-8 text");
        }
    }
}
