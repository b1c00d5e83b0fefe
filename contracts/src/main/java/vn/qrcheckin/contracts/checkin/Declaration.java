package vn.qrcheckin.contracts.checkin;

/** The health declaration a scan may carry; every answer is yes/no (null: not asked). */
public record Declaration(Boolean fever, Boolean cough, Boolean breathingDifficulty, Boolean contactWithCase, Boolean recentTravel) {

    /** True when any answer is yes: tracing and reports look at these first. */
    public boolean anySymptomOrExposure() {
        return Boolean.TRUE.equals(fever) || Boolean.TRUE.equals(cough) || Boolean.TRUE.equals(breathingDifficulty)
                || Boolean.TRUE.equals(contactWithCase) || Boolean.TRUE.equals(recentTravel);
    }
}
