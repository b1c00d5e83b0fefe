package vn.qrcheckin.checkin.service;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import vn.qrcheckin.checkin.config.CheckinConfig;
import vn.qrcheckin.checkin.domain.Person;
import vn.qrcheckin.contracts.identity.IdType;
import vn.qrcheckin.contracts.identity.PersonIds;
import vn.qrcheckin.contracts.identity.PhoneNumbers;
import vn.qrcheckin.contracts.identity.UnknownKeyIdException;
import vn.qrcheckin.contracts.qr.QrSymbols;
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
        String plain;
        try {
            plain = identity.cipher().decrypt(body.substring(0, dot), "person-card");
        } catch (UnknownKeyIdException e) {
            // Genuine (the HMAC holds), but sealed with a field key since removed.
            throw ProblemException.invalid("raw", "the personal QR card was sealed with a key no longer in use: issue a new card");
        }
        String[] f = plain.split("\\|", -1);
        return Optional.of(new Person(IdType.valueOf(f[0]), f[1], f[2].isEmpty() ? null : f[2], f[3].isEmpty() ? null : f[3]));
    }

    /** The card's QR as a PNG of 591 × 591 pixels: 5 cm at 300 dpi. */
    public byte[] png(String content) {
        return cardPng(content);
    }

    /** Whole-pixel modules, and a mask ZXing reads back at print size and downscaled to 400 and 300 px. */
    static byte[] cardPng(String content) {
        BufferedImage img = QrSymbols.draw(QrSymbols.readable(content, ErrorCorrectionLevel.M, modules -> CHECKED_SIZES), PNG_PIXELS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
