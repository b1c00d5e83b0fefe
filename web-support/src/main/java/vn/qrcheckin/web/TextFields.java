package vn.qrcheckin.web;

import java.text.Normalizer;
import java.util.List;
import java.util.Optional;

/**
 * Free text that people read (venue, owner and citizen names, addresses, notes, reasons): one form for text
 * typed on different keyboards (Telex, VNI, pasted NFD), trimmed of every kind of space, and refused when it
 * is blank or carries characters that are not seen but change what is shown: controls, format characters
 * (right-to-left overrides, zero-width spaces), line separators, private-use and unassigned code points. A
 * name with a right-to-left override would disguise which venue a public list names.
 */
public final class TextFields {

    private TextFields() {
    }

    /**
     * The cleaned value, or empty with an error added when it is invalid (or absent and {@code required}).
     * An absent value that is not required is empty with no error.
     */
    public static Optional<String> clean(String value, String field, int max, boolean required, List<FieldError> errors) {
        return clean(value, field, max, required, false, errors);
    }

    /** As {@link #clean}, for notes: line breaks are kept (as {@code \n}). */
    public static Optional<String> cleanNote(String value, String field, int max, boolean required, List<FieldError> errors) {
        return clean(value == null ? null : value.replace("\r\n", "\n"), field, max, required, true, errors);
    }

    private static Optional<String> clean(String value, String field, int max, boolean required, boolean lines, List<FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return Optional.empty();
        }
        String v = strip(Normalizer.normalize(value, Normalizer.Form.NFC));
        if (v.isEmpty()) {
            errors.add(new FieldError(field, "must not be blank"));
            return Optional.empty();
        }
        if (v.codePointCount(0, v.length()) > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return Optional.empty();
        }
        if (v.codePoints().anyMatch(cp -> hidden(cp) && !(lines && cp == '\n'))) {
            errors.add(new FieldError(field, "must not contain control, format or invisible characters"));
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** As {@link #cleanNote}, throwing a 400 problem naming the field (for the single free-text field of a request). */
    public static Optional<String> noteOrThrow(String value, String field, int max, boolean required) {
        List<FieldError> errors = new java.util.ArrayList<>(1);
        Optional<String> v = cleanNote(value, field, max, required, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return v;
    }

    /**
     * Text from a trusted source that is not the request (a token's display name): normalised, invisible
     * characters dropped, trimmed, cut to {@code max} characters; null when nothing is left.
     */
    public static String sanitise(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        Normalizer.normalize(value, Normalizer.Form.NFC).codePoints().filter(cp -> !hidden(cp)).limit(10_000L).forEach(sb::appendCodePoint);
        String v = strip(sb.toString());
        if (v.codePointCount(0, v.length()) > max) {
            v = strip(v.substring(0, v.offsetByCodePoints(0, max)));
        }
        return v.isEmpty() ? null : v;
    }

    /** Trims white space and every space separator (no-break, figure, ideographic spaces): {@code String.strip} keeps those. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && space(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && space(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    private static boolean space(int cp) {
        return Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Seen as nothing, or changing how the text around it is shown. */
    static boolean hidden(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            // Fillers that render blank but are letters or symbols by category.
            default -> cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
        };
    }
}
