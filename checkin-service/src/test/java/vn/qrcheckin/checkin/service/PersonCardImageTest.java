package vn.qrcheckin.checkin.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import vn.qrcheckin.contracts.identity.FieldCipher;

/**
 * Personal QR cards must scan: thousands of random cards, sealed as the service seals them (so of every
 * length a real card has), decoded by ZXing at print resolution and at phone-like downscales.
 */
class PersonCardImageTest {

    private static final String LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ";
    private static final int CARDS = 600;

    @Test
    void everyRandomCardDecodesAtPrintSizeAndDownscaled() throws IOException {
        Random random = new Random(20261201L);
        byte[] key = new byte[32];
        random.nextBytes(key);
        FieldCipher cipher = new FieldCipher(key);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < CARDS; i++) {
            String content = randomCard(random, cipher);
            BufferedImage print = ImageIO.read(new ByteArrayInputStream(PersonCardService.cardPng(content)));
            assertEquals(PersonCardService.PNG_PIXELS, print.getWidth());
            assertEquals(PersonCardService.PNG_PIXELS, print.getHeight());
            // Print resolution, then phone-like downscales down to 300 px (3.9 px a module on the longest card).
            for (int size : new int[] { PersonCardService.PNG_PIXELS, 400, 300 }) {
                BufferedImage image = size == print.getWidth() ? print : downscale(print, size);
                String decoded = decode(image);
                if (!content.equals(decoded)) {
                    failures.add("card " + i + " (" + content.length() + " chars) at " + size + " px: " + decoded);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + CARDS * 3 + " decodes failed, e.g. "
                + failures.subList(0, Math.min(5, failures.size())));
    }

    /** As {@code PersonCardService.issue} builds it: the sealed identity and a 32-byte HMAC. */
    private static String randomCard(Random random, FieldCipher cipher) {
        String[] types = { "CCCD", "CMND", "PHONE", "BHYT" };
        String type = types[random.nextInt(types.length)];
        String number = type.equals("PHONE") ? "09" + digits(random, 8) : type.equals("CMND") ? digits(random, 9)
                : type.equals("BHYT") ? "DN4" + digits(random, 12) : "0" + digits(random, 11);
        StringBuilder name = new StringBuilder();
        int nameLength = random.nextInt(PersonCardService.CARD_NAME_MAX + 1);
        while (name.length() < nameLength - 1) {
            name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            if (random.nextInt(5) == 0) {
                name.append(' ');
            }
        }
        String phone = random.nextBoolean() ? "09" + digits(random, 8) : "";
        String plain = type + "|" + number + "|" + name.toString().strip() + "|" + phone;
        byte[] mac = new byte[32];
        random.nextBytes(mac);
        return PersonCardService.PREFIX + cipher.encrypt(plain, "person-card") + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static String digits(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    /** As a camera sensor sees it: each pixel the average of the area it covers (not nearest-neighbour sampling). */
    private static BufferedImage downscale(BufferedImage source, int size) {
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        try {
            g.drawImage(source.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    private static String decode(BufferedImage image) {
        try {
            return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.CHARACTER_SET, "UTF-8", DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
            return e.getClass().getSimpleName();
        }
    }
}
