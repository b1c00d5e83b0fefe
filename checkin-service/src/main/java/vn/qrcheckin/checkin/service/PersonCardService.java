package vn.qrcheckin.checkin.service;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.Result;
import com.google.zxing.WriterException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.contracts.identity.PhoneNumbers;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.TextFields;

/**
 * Personal QR cards for people without a smartphone: a commune office prints one (5 × 5 cm), the venue
 * scanner reads it. The code holds no plaintext: {@code QRCP1.<AES-GCM ciphertext of the identity>.<HMAC>},
 * so it is unreadable to anyone but this service, and a forged or altered card is refused.
 */
@ApplicationScoped
public class PersonCardService {

    static final String PREFIX = "QRCP1.";
    /** 5 cm at 300 dots per inch. */
    public static final int PNG_PIXELS = 591;
    static final int QUIET_ZONE = 4;
    /**
     * The name travels in the code: capped so that the longest card stays at version 13 or below (modules
     * of 7 px at print size, 3.9 px at a 300 px downscale). Names of 100 characters made version 17 codes
     * whose 3 px modules did not read reliably once downscaled.
     */
    static final int CARD_NAME_MAX = 50;
    /** Print size, and phone-like downscales (7 to 3.9 px a module on the longest card). */
    private static final int[] CHECKED_SIZES = { PNG_PIXELS, 400, 300 };
    static final float CARD_POINTS = 5f * 72f / 2.54f;

    private final IdentityProtector identity;
    private final SecretKeySpec macKey;

    public PersonCardService(IdentityProtector identity, CheckinConfig config) {
        this.identity = identity;
        byte[] key = Base64.getDecoder().decode(config.personCard().key());
        if (key.length < 32) {
            throw new IllegalStateException("qrcheckin.person-card.key needs at least 32 bytes");
        }
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The content of a new card for a person (validated like a check-in's person). */
    public String issue(Person p) {
        List<FieldError> errors = new ArrayList<>();
        identity.protect(p, "card", "person", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // The card carries the name and phone as cleaned (what travels in the code bounds its size).
        String name = TextFields.clean(p.name(), "person.name", CARD_NAME_MAX, false, errors).orElse(null);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(List.of(new FieldError("person.name", "must be at most " + CARD_NAME_MAX + " characters on a card")));
        }
        String phone = p.phone() == null ? null : PhoneNumbers.normalise(p.phone()).orElseThrow();
        String number = PersonIds.normalise(p.idType(), p.number()).orElseThrow();
        String plain = p.idType().name() + "|" + number + "|" + nullToEmpty(name) + "|" + nullToEmpty(phone);
        String blob = identity.cipher().encrypt(plain, "person-card");
        return PREFIX + blob + "." + mac(blob);
    }

    /** The person on a scanned card, or empty when the content is not a card; a forged card is refused. */
    public Optional<Person> read(String raw) {
        if (raw == null || !raw.strip().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String body = raw.strip().substring(PREFIX.length());
        int dot = body.lastIndexOf('.');
        if (dot < 0 || !MessageDigest.isEqual(mac(body.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                body.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw ProblemException.invalid("raw", "the personal QR card is forged or altered");
        }
        String[] f = identity.cipher().decrypt(body.substring(0, dot), "person-card").split("\\|", -1);
        return Optional.of(new Person(IdType.valueOf(f[0]), f[1], f[2].isEmpty() ? null : f[2], f[3].isEmpty() ? null : f[3]));
    }

    /** The card's QR as a PNG of 591 × 591 pixels: 5 cm at 300 dpi. */
    public byte[] png(String content) {
        return cardPng(content);
    }

    /**
     * Every module the same whole number of pixels, the pixels left over added to the quiet zone (at least 4
     * modules). Modules of 6.6 px rounded one by one came out 6 or 7 px wide, which bent the 1:1:3:1:1 finder
     * ratios enough that some cards did not decode (PersonCardImageTest decodes thousands).
     */
    static byte[] cardPng(String content) {
        BufferedImage img = draw(matrix(content));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage draw(ByteMatrix m) {
        int scale = Math.max(1, PNG_PIXELS / (m.getWidth() + 2 * QUIET_ZONE));
        int offset = (PNG_PIXELS - m.getWidth() * scale) / 2;
        BufferedImage img = new BufferedImage(PNG_PIXELS, PNG_PIXELS, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, PNG_PIXELS, PNG_PIXELS);
            g.setColor(Color.BLACK);
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    if (m.get(x, y) == 1) {
                        g.fillRect(offset + x * scale, offset + y * scale, scale, scale);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** A one-page PDF with the card's QR exactly 5 × 5 cm, to print and cut out. */
    public byte[] pdf(String content) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png(content)));
            PDImageXObject xobject = LosslessFactory.createFromImage(doc, image);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(xobject, 72f, PDRectangle.A4.getHeight() - 72f - CARD_POINTS, CARD_POINTS, CARD_POINTS);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The card's modules with a mask that ZXing's own detector reads back, at print size and at phone-like
     * downscales. The mask the encoder picks by its penalty rule leaves about 2 % of contents unreadable by
     * that detector (measured on random cards; another mask of the same content reads), so each card is
     * checked as drawn and another mask taken when it does not read.
     */
    static ByteMatrix matrix(String content) {
        QRCode chosen = encode(content, -1);
        if (readable(chosen.getMatrix(), content)) {
            return chosen.getMatrix();
        }
        for (int mask = 0; mask < 8; mask++) {
            if (mask != chosen.getMaskPattern()) {
                ByteMatrix m = encode(content, mask).getMatrix();
                if (readable(m, content)) {
                    return m;
                }
            }
        }
        return chosen.getMatrix();
    }

    private static QRCode encode(String content, int mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        if (mask >= 0) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        try {
            return Encoder.encode(content, ErrorCorrectionLevel.M, hints);
        } catch (WriterException e) {
            throw new IllegalStateException("card content too long", e);
        }
    }

    private static boolean readable(ByteMatrix m, String content) {
        BufferedImage print = draw(m);
        for (int size : CHECKED_SIZES) {
            BufferedImage image = print;
            if (size != PNG_PIXELS) {
                // As a camera sensor sees it: each pixel the average of the area it covers.
                image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.drawImage(print.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
                g.dispose();
            }
            int[] rgb = image.getRGB(0, 0, size, size, null, 0, size);
            try {
                Result r = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, rgb))));
                if (!content.equals(r.getText())) {
                    return false;
                }
            } catch (ReaderException e) {
                return false;
            }
        }
        return true;
    }

    private String mac(String blob) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((PREFIX + blob).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.strip().replace("|", " ");
    }
}
