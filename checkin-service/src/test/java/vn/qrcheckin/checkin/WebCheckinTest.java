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
                .body(containsString("Cà phê Giảng")).body(containsString("name=\"cid\""));
        given().formParam("cid", "web-test-bad-phone-1").formParam("phone", "12").formParam("name", "A")
                .post("/q/" + token).then().statusCode(400).body(containsString("phone-error"));
        given().get("/q/AAAAnotavalidtoken").then().statusCode(400).body(containsString("Mã QR không hợp lệ"));
        given().formParam("cid", "web-test-bad-code-1").formParam("phone", "0912345678").post("/q/AAAAnotavalidtoken")
                .then().statusCode(400);
        assertTrue(venues.appended().stream().noneMatch(e -> e.contains("web-test-bad")));
    }
}
