package vn.qrcheckin.venue.domain;

public enum VenueStatus {
    ACTIVE,
    SUSPENDED
}
