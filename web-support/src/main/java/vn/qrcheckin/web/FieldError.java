package vn.qrcheckin.web;

/** One rejected field: its name as the client sent it (JSON property, query parameter or CSV column). */
public record FieldError(String field, String message) {
}
