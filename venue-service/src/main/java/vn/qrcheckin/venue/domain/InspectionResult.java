package vn.qrcheckin.venue.domain;

public enum InspectionResult {
    COMPLIANT,
    NON_COMPLIANT
}
