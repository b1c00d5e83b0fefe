package vn.qrcheckin.web;

import java.util.List;

/**
 * A table as exports write it (CSV now, spreadsheets later): the same rows as the JSON answer, with headers for
 * people. Cells are text, numbers, dates or null (empty).
 *
 * @param name what the download is called, without extension
 */
public record Table(String name, List<String> headers, List<List<Object>> rows) {
}
