package vn.qrcheckin.contracts.checkin;

/** The health declaration a scan may carry; every answer is yes/no (null: not asked). */
public record Declaration(Boolean fever, Boolean cough, Boolean breathingDifficulty, Boolean contactWithCase, Boolean recentTravel) {
}
