package vn.qrcheckin.contracts.units;

/** Levels of the administrative hierarchy; a data set may skip DISTRICT (the 2025 reform removed it). */
public enum AdminLevel {
    PROVINCE,
    DISTRICT,
    COMMUNE
}
