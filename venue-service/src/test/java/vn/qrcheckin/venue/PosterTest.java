package vn.qrcheckin.venue;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import vn.qrcheckin.testsupport.TestTokens;

@QuarkusTest
class PosterTest {

    private static final double POINTS_PER_CM = 72 / 2.54;

    @Test
    void posterIsAnA4PageWithTheVietnameseNameAnd15cmQr() throws Exception {
        String name = "Nhà hàng Lẩu Nướng Đặc Sản Tây Bắc Ương Ưởng";
        JsonPath v = VenueTestData.venue().with("name", name).with("address", "Số 1 Đường Quang Trung")
                .createAs(TestTokens.owner("owner-poster"));
        byte[] pdf = given().get("/api/v1/venues/" + v.getLong("id") + "/poster.pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertEquals(1, doc.getNumberOfPages());
            PDPage page = doc.getPage(0);
            assertEquals(PDRectangle.A4.getWidth(), page.getMediaBox().getWidth(), 0.01);
            assertEquals(PDRectangle.A4.getHeight(), page.getMediaBox().getHeight(), 0.01);

            // Long names wrap onto a second line: compare with white space folded.
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertTrue(text.contains(name), "name with its diacritics: " + text);
            assertTrue(text.contains("Phường Mộ Lao") && text.contains("Quận Hà Đông") && text.contains("Thành phố Hà Nội"), text);
            assertTrue(text.contains("Quét mã"), "scan instructions");

            for (COSName fontName : page.getResources().getFontNames()) {
                PDFont font = page.getResources().getFont(fontName);
                assertTrue(font.isEmbedded(), font.getName() + " is embedded");
            }

            // The dark modules, read from the content stream, span exactly 15 cm each way.
            double[] box = filledBoundingBox(page);
            assertEquals(15.0, (box[2] - box[0]) / POINTS_PER_CM, 0.01, "width in cm");
            assertEquals(15.0, (box[3] - box[1]) / POINTS_PER_CM, 0.01, "height in cm");

            // And the printed code decodes to the venue's content.
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            String decoded = new QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            assertEquals(v.getString("qr.content"), decoded);
        }
    }

    /** Bounding box (x0, y0, x1, y1 in points) of every filled rectangle on the page. */
    private static double[] filledBoundingBox(PDPage page) throws IOException {
        double[] box = { Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE };
        new PDFGraphicsStreamEngine(page) {
            @Override
            public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
                for (Point2D p : new Point2D[] { p0, p1, p2, p3 }) {
                    box[0] = Math.min(box[0], p.getX());
                    box[1] = Math.min(box[1], p.getY());
                    box[2] = Math.max(box[2], p.getX());
                    box[3] = Math.max(box[3], p.getY());
                }
            }

            @Override
            public void drawImage(PDImage pdImage) {
            }

            @Override
            public void clip(int windingRule) {
            }

            @Override
            public void moveTo(float x, float y) {
            }

            @Override
            public void lineTo(float x, float y) {
            }

            @Override
            public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
            }

            @Override
            public Point2D getCurrentPoint() {
                return new Point2D.Float();
            }

            @Override
            public void closePath() {
            }

            @Override
            public void endPath() {
            }

            @Override
            public void strokePath() {
            }

            @Override
            public void fillPath(int windingRule) {
            }

            @Override
            public void fillAndStrokePath(int windingRule) {
            }

            @Override
            public void shadingFill(COSName shadingName) {
            }

            {
                processPage(page);
            }
        };
        return box;
    }
}
