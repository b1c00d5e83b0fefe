package vn.qrcheckin.venue.service;

import jakarta.enterprise.context.ApplicationScoped;

import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.venue.domain.AdminUnit;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.venue.domain.Venue;

/**
 * Who may do what to which venue. Admins: everything. Venue owners: their own venues. Operators and
 * inspectors: venues inside the area code of their token, at any level (province, district or commune).
 */
@ApplicationScoped
public class AccessPolicy {

    /** Where a listing may look: an area, or one owner's venues, or everywhere (both null). */
    public record Scope(String area, String ownerSubject) {
    }

    private final AdminUnitDirectory units;

    public AccessPolicy(AdminUnitDirectory units) {
        this.units = units;
    }

    public void requireCreate(Caller caller, AdminUnit commune) {
        if (caller.is(Caller.ADMIN) || caller.is(Caller.VENUE_OWNER) || (caller.is(Caller.OPERATOR) && within(caller, commune))) {
            return;
        }
        throw ProblemException.forbidden("you may not register venues in " + commune.code());
    }

    public void requireRead(Caller caller, Venue venue) {
        if (!(isOwnerOrAdmin(caller, venue) || ((caller.is(Caller.OPERATOR) || caller.is(Caller.INSPECTOR)) && covers(caller, venue)))) {
            throw ProblemException.forbidden("venue " + venue.id + " is outside your area");
        }
    }

    public void requireEdit(Caller caller, Venue venue) {
        if (!(isOwnerOrAdmin(caller, venue) || (caller.is(Caller.OPERATOR) && covers(caller, venue)))) {
            throw ProblemException.forbidden("you may not change venue " + venue.id);
        }
    }

    /** Reminders, suspension and reinstatement: enforcement staff of the area. */
    public void requireEnforce(Caller caller, Venue venue) {
        if (!(caller.is(Caller.ADMIN) || ((caller.is(Caller.OPERATOR) || caller.is(Caller.INSPECTOR)) && covers(caller, venue)))) {
            throw ProblemException.forbidden("you may not enforce rules on venue " + venue.id);
        }
    }

    public void requireInspect(Caller caller, Venue venue) {
        if (!(caller.is(Caller.ADMIN) || (caller.is(Caller.INSPECTOR) && covers(caller, venue)))) {
            throw ProblemException.forbidden("you may not inspect venue " + venue.id);
        }
    }

    /** The scope of a venue listing; a requested area outside the caller's own is refused. */
    public Scope listScope(Caller caller, String requestedArea) {
        if (caller.is(Caller.ADMIN)) {
            return new Scope(requestedArea, null);
        }
        if (caller.is(Caller.OPERATOR) || caller.is(Caller.INSPECTOR)) {
            String own = requireArea(caller);
            if (requestedArea == null) {
                return new Scope(own, null);
            }
            AdminUnit requested = units.find(requestedArea).orElseThrow(() -> ProblemException.invalid("area", "unknown area code"));
            if (!requested.isWithin(own)) {
                throw ProblemException.forbidden("area " + requestedArea + " is outside your area " + own);
            }
            return new Scope(requestedArea, null);
        }
        if (caller.is(Caller.VENUE_OWNER)) {
            return new Scope(requestedArea, caller.subject());
        }
        throw ProblemException.forbidden("your role may not list venues");
    }

    private boolean isOwnerOrAdmin(Caller caller, Venue venue) {
        return caller.is(Caller.ADMIN) || (caller.is(Caller.VENUE_OWNER) && caller.subject().equals(venue.ownerSubject));
    }

    private boolean covers(Caller caller, Venue venue) {
        String area = caller.area();
        return area != null && (area.equals(venue.provinceCode) || area.equals(venue.districtCode) || area.equals(venue.communeCode));
    }

    private boolean within(Caller caller, AdminUnit unit) {
        return caller.area() != null && unit.isWithin(caller.area());
    }

    private static String requireArea(Caller caller) {
        if (caller.area() == null) {
            throw ProblemException.forbidden("your token names no area");
        }
        return caller.area();
    }
}
