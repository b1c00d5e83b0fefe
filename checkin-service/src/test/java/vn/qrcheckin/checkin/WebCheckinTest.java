package vn.qrcheckin.checkin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import vn.qrcheckin.testsupport.HeadlessChromium;

@QuarkusTest
class WebCheckinTest {

    @Inject
    TestVenues venues;

    @TestHTTPResource("/")
    java.net.URL root;

    @Test
    void aPlainPhoneChecksInFromThePosterInARealBrowser() throws Exception {
        long venueId = venues.publish(venues.newVenueId(), "Phở Thìn Lò Đúc", "ACTIVE", "owner-web");
        String qr = venues.qr(venueId);
        String token = qr.substring(qr.lastIndexOf('/') + 1);
        int before = venues.appended().size();
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(root + "q/" + token);
            assertEquals("Phở Thìn Lò Đúc", browser.text("#venue-name"));
            browser.screenshot(Path.of("target", "screenshots", "web-checkin-form.png"));
            browser.type("#phone", "0912 888 777");
            browser.type("#name", "Vũ Minh Khôi");
            browser.click("input[name=fever]");
            browser.click("#submit");
            assertTrue(browser.text("#confirmation").contains("Đã khai báo vào"));
            assertEquals("Phở Thìn Lò Đúc", browser.text("#venue-name"));
            String shown = browser.text("#checkin-time");
            String now = DateTimeFormatter.ofPattern("HH:mm").format(ZonedDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh")));
            String minuteAgo = DateTimeFormatter.ofPattern("HH:mm").format(ZonedDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusMinutes(1));
            assertTrue(shown.equals(now) || shown.equals(minuteAgo), "Vietnam time shown to the doorkeeper: " + shown);
            browser.screenshot(Path.of("target", "screenshots", "web-checkin-confirmation.png"));
        }
        // The check-in landed: one more entry, channel WEB, the declaration carried.
        assertEquals(before + 1, venues.appended().size());
        String entry = venues.appended().stream().filter(e -> e.contains("\"venueId\":" + venueId)).findFirst().orElseThrow();
        assertTrue(entry.contains("\"channel\":\"WEB\"") && entry.contains("\"fever\":true") && !entry.contains("888777"), entry);
    }

    @Test
    void badPhoneShowsTheFormAgainAndBadCodesShowAnError() {
        long venueId = venues.publish(venues.newVenueId(), "Cà phê Giảng", "ACTIVE", "owner-web2");
        String qr = venues.qr(venueId);
        String token = qr.substring(qr.lastIndexOf('/') + 1);
        given().get("/q/" + token).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Cà phê Giảng")).body(containsString("name=\"cid\""))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff").header("Cache-Control", "no-store");
        given().formParam("cid", "web-test-bad-phone-1").formParam("phone", "12").formParam("name", "A")
                .post("/q/" + token).then().statusCode(400).body(containsString("phone-error"));
        given().get("/q/AAAAnotavalidtoken").then().statusCode(400).body(containsString("Mã QR không hợp lệ"));
        given().formParam("cid", "web-test-bad-code-1").formParam("phone", "0912345678").post("/q/AAAAnotavalidtoken")
                .then().statusCode(400);
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("web-test-bad")));
    }

    @Test
    void oversizedFormPostsGetOne413EachAndLogNothing() {
        long venueId = venues.publish(venues.newVenueId(), "Bún Chả Hương Liên", "ACTIVE", "owner-web3");
        String qr = venues.qr(venueId);
        String token = qr.substring(qr.lastIndexOf('/') + 1);
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (int size : new int[] { 3_000, 10_000, 40_000, 200_000 }) {
                for (int i = 0; i < 10; i++) {
                    // A browser's post: an HTML page; an API client's: a problem.
                    given().header("Accept", "text/html").formParam("cid", "web-big-" + i).formParam("phone", "0912345678")
                            .formParam("name", "x".repeat(size)).post("/q/" + token).then().statusCode(413)
                            .contentType(containsString("text/html"));
                    given().header("Accept", "application/json").formParam("cid", "web-big-" + i).formParam("phone", "0912345678")
                            .formParam("name", "x".repeat(size)).post("/q/" + token).then().statusCode(413)
                            .contentType("application/problem+json");
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(logged.isEmpty(), logged.size() + " log records for 80 refused posts, e.g. "
                + (logged.isEmpty() ? "" : logged.get(0).getLoggerName() + ": " + logged.get(0).getMessage()));
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("web-big-")));
    }
}
