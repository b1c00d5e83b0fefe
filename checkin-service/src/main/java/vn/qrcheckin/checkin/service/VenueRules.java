package vn.qrcheckin.checkin.service;

import jakarta.enterprise.context.ApplicationScoped;

import vn.qrcheckin.checkin.service.CheckinService.VenueRule;
import vn.qrcheckin.streams.venues.VenueFollower;
import vn.qrcheckin.streams.venues.VenueProjection;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.ProblemException;

/** Which venues a venue's staff or an operator may record check-ins for. */
@ApplicationScoped
public class VenueRules {

    private final VenueFollower venues;

    public VenueRules(VenueFollower venues) {
        this.venues = venues;
    }

    /**
     * The rule for a logbook page of one venue, after checking the venue up front: 404 when it is not known,
     * 403 when the caller may not record for it (rather than every row rejected one by one).
     */
    public VenueRule requireLogbook(Caller caller, long venueId) {
        VenueRule rule = ownOrArea(caller);
        VenueProjection.VenueState state = venues.find(venueId).orElse(null);
        if (state == null) {
            throw ProblemException.notFound("venue " + venueId);
        }
        String denied = rule.apply(venueId, state);
        if (denied != null) {
            throw ProblemException.forbidden(denied);
        }
        return rule;
    }

    /** Venue owners: their own venues; admins: any. */
    public VenueRule ownVenue(Caller caller) {
        return (venueId, state) -> {
            if (caller.is(Caller.ADMIN)) {
                return null;
            }
            if (state == null) {
                return "venue " + venueId + " is not known yet";
            }
            return caller.subject().equals(state.ownerSubject()) ? null : "venue " + venueId + " is not yours";
        };
    }

    /** Logbooks: as {@link #ownVenue}, and also an operator of the venue's area. */
    public VenueRule ownOrArea(Caller caller) {
        VenueRule own = ownVenue(caller);
        return (venueId, state) -> {
            String denied = own.apply(venueId, state);
            if (denied == null || state == null) {
                return denied;
            }
            String area = caller.area();
            boolean inArea = caller.is(Caller.OPERATOR) && area != null
                    && (area.equals(state.provinceCode()) || area.equals(state.districtCode()) || area.equals(state.communeCode()));
            return inArea ? null : "venue " + venueId + " is outside what you may record";
        };
    }
}
