package vn.qrcheckin.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One page of venue-service's venue snapshot ({@code GET /api/v1/internal/venue-snapshot}): what a venue
 * projection starts from before it follows {@link StreamNames#venueEvents(String)}, so no consumer depends on
 * the (capped) stream holding all history.
 *
 * @param consistentWith the venue stream's last entry id read before this page was queried ("0-0" for an
 *        empty stream): every event up to it is reflected in the page, later changes follow in the stream
 *        after it. A projection follows from the first page's value.
 * @param venues venues in ascending id order, each at its current {@link VenueEvent#version()}
 * @param nextAfter the {@code after} of the next page; null on the last page
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VenueSnapshot(String consistentWith, List<VenueEvent> venues, Long nextAfter) {
}
