package vn.qrcheckin.contracts.checkin;

public enum Direction {
    IN,
    OUT
}
