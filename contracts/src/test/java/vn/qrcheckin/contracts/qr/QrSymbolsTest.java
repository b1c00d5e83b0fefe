package vn.qrcheckin.contracts.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Venue codes of every realistic length, drawn as the services draw them, decode at print size and at
 * phone-like downscales (ZXing alone, without the mask check, failed on about 2 % of contents).
 */
class QrSymbolsTest {

    private static final int CODES = 300;

    @Test
    void everyRandomVenueCodeReadsBackAtPrintAndPhoneSizes() {
        Random random = new Random(42);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CODES; i++) {
            String content = venueContent(random);
            BitMatrix m = QrSymbols.readable(content, ErrorCorrectionLevel.H, QrSymbols::printAndPhone);
            int[] sizes = QrSymbols.printAndPhone(m.getWidth() + 2 * QrSymbols.QUIET_ZONE);
            BufferedImage print = QrSymbols.draw(m, sizes[0]);
            assertEquals(sizes[0], print.getWidth());
            for (int size : sizes) {
                String read = decode(size == sizes[0] ? print : downscale(print, size));
                if (!content.equals(read)) {
                    failures.add(i + " at " + size + " px: " + read);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + CODES * 3 + " decodes failed: " + failures);
    }

    @Test
    void drawingIsExactlyTheSizeAskedWithAQuietZoneOfAtLeastFourModules() {
        BitMatrix m = QrSymbols.readable("https://qr.example.gov.vn/q/AQAAAAAAA", ErrorCorrectionLevel.H, QrSymbols::printAndPhone);
        for (int size : new int[] { 128, 300, 301, 591, 2048 }) {
            BufferedImage img = QrSymbols.draw(m, size);
            assertEquals(size, img.getWidth());
            int scale = size / (m.getWidth() + 8);
            int margin = (size - m.getWidth() * scale) / 2;
            assertTrue(margin >= 4 * scale, "quiet zone " + margin + " px at " + scale + " px a module");
            assertEquals(0xffffffff, img.getRGB(margin - 1, margin - 1), "white outside the symbol");
            assertEquals(0xff000000, img.getRGB(margin, margin), "the finder pattern's corner");
        }
    }

    /** A poster's content: base URL and a token as QrTokenCodec makes them (ids, commune, key id, 64-byte signature). */
    private static String venueContent(Random random) {
        String[] hosts = { "http://127.0.0.1:8082", "https://qr.example.gov.vn", "https://pc-covid.gov.vn/checkin" };
        byte[] token = new byte[11 + 5 + 20 + 64 + random.nextInt(8)];
        random.nextBytes(token);
        return hosts[random.nextInt(hosts.length)] + "/q/" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private static BufferedImage downscale(BufferedImage source, int size) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        g.drawImage(source.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return scaled;
    }

    private static String decode(BufferedImage image) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    java.util.Map.of(com.google.zxing.DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (ReaderException e) {
            return e.getClass().getSimpleName();
        }
    }
}
