package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.TestTokens;
import vn.qrcheckin.web.VerifiedTokenCache;

@QuarkusTest
class VerifiedTokenCacheTest {

    @Inject
    VerifiedTokenCache cache;

    @Test
    void aVerifiedTokenIsAnsweredFromTheCacheAndABadOneNever() {
        String app = TestTokens.app("vneid");
        int size = cache.size();
        given().auth().oauth2(app).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(400);
        assertEquals(size + 1, cache.size(), "remembered once OIDC verified it");
        long hits = cache.hits();
        given().auth().oauth2(app).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(400);
        assertEquals(hits + 1, cache.hits(), "answered from the cache");
        // The cached identity keeps its roles: an owner's token is still refused where only apps may go.
        String owner = TestTokens.owner("cache-owner");
        given().auth().oauth2(owner).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(403);
        given().auth().oauth2(owner).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(403);
        // A tampered token is never remembered, whatever it claims.
        String tampered = app.substring(0, app.length() - 4) + (app.endsWith("AAAA") ? "BBBB" : "AAAA");
        int before = cache.size();
        given().auth().oauth2(tampered).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(401);
        given().auth().oauth2(tampered).contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(401);
        assertEquals(before, cache.size());
        given().contentType("application/json").body("{}").post("/api/v1/checkins").then().statusCode(401);
    }
}
