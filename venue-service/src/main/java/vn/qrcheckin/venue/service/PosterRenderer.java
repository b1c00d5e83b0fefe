package vn.qrcheckin.venue.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import com.google.zxing.common.BitMatrix;

/**
 * The print-ready venue poster: one A4 page, the QR code exactly 15 × 15 cm (the dark-module area, as the
 * official template asks), the venue name and address in Vietnamese with an embedded font that has every
 * Vietnamese glyph (DejaVu Sans, subset), and short scan instructions. The QR is drawn as vector squares,
 * so it prints sharp at any printer resolution.
 */
@ApplicationScoped
public class PosterRenderer {

    public static final float POINTS_PER_CM = 72f / 2.54f;
    public static final float QR_SIDE_CM = 15f;

    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float MARGIN = 36f;
    private static final List<String> INSTRUCTIONS = List.of(
            "1. Mở ứng dụng PC-Covid, VNeID, Bluezone hoặc camera điện thoại.",
            "2. Quét mã QR này và xác nhận thông tin khai báo.",
            "3. Không có điện thoại thông minh: xuất trình thẻ CCCD hoặc thẻ BHYT để nhân viên quét,",
            "    hoặc ghi vào sổ theo dõi tại quầy.");

    private final byte[] regular;
    private final byte[] bold;
    private final QrImageRenderer qr;

    public PosterRenderer(QrImageRenderer qr) {
        this.qr = qr;
        this.regular = font("fonts/DejaVuSans.ttf");
        this.bold = font("fonts/DejaVuSans-Bold.ttf");
    }

    public byte[] render(String venueName, String fullAddress, String qrContent, long venueId) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType0Font text = PDType0Font.load(doc, new java.io.ByteArrayInputStream(regular), true);
            PDType0Font heading = PDType0Font.load(doc, new java.io.ByteArrayInputStream(bold), true);
            PDPage page = new PDPage(PAGE);
            doc.addPage(page);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Mã QR điểm kiểm soát - " + venueName);
            info.setCreator("qrcheckin venue-service");

            float width = PAGE.getWidth();
            float qrSide = QR_SIDE_CM * POINTS_PER_CM;
            float qrBottom = 175f;
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                float y = PAGE.getHeight() - 58f;
                y = centred(cs, heading, 22, "MÃ QR ĐIỂM KIỂM SOÁT RA VÀO", y, width) - 6f;
                y = centred(cs, text, 13, "Quét mã để khai báo y tế khi vào địa điểm", y, width) - 14f;
                for (String line : wrap(heading, 20, printable(heading, venueName), width - 2 * MARGIN, 2)) {
                    y = centred(cs, heading, 20, line, y, width);
                }
                y -= 4f;
                for (String line : wrap(text, 12, printable(text, fullAddress), width - 2 * MARGIN, 2)) {
                    y = centred(cs, text, 12, line, y, width);
                }
                drawQr(cs, qr.modules(qrContent), (width - qrSide) / 2f, qrBottom, qrSide);
                float iy = qrBottom - 30f;
                for (String line : INSTRUCTIONS) {
                    cs.beginText();
                    cs.setFont(text, 11);
                    cs.newLineAtOffset(MARGIN + 20f, iy);
                    cs.showText(line);
                    cs.endText();
                    iy -= 16f;
                }
                centred(cs, text, 9, "Mã địa điểm: " + venueId, 44f, width);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render poster", e);
        }
    }

    private static void drawQr(PDPageContentStream cs, BitMatrix m, float x0, float y0, float side) throws IOException {
        float module = side / m.getWidth();
        cs.setNonStrokingColor(0f, 0f, 0f);
        for (int y = 0; y < m.getHeight(); y++) {
            int x = 0;
            while (x < m.getWidth()) {
                if (!m.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < m.getWidth() && m.get(x, y)) {
                    x++;
                }
                // PDF's origin is bottom-left; QR row 0 is the top row.
                cs.addRect(x0 + start * module, y0 + side - (y + 1) * module, (x - start) * module, module);
            }
        }
        cs.fill();
    }

    private static float centred(PDPageContentStream cs, PDType0Font font, float size, String line, float y, float pageWidth)
            throws IOException {
        float w = font.getStringWidth(line) / 1000f * size;
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset((pageWidth - w) / 2f, y);
        cs.showText(line);
        cs.endText();
        return y - size * 1.3f;
    }

    /**
     * The text with every character the embedded font cannot draw shown as '?': a name may hold emoji or CJK
     * (DejaVu has neither), and PDFBox refuses a string with one missing glyph (the poster answered 500).
     */
    static String printable(PDType0Font font, String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                sb.append(c);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
    }

    /** Greedy word wrap to at most {@code maxLines}; the last line is cut with an ellipsis if needed. */
    static List<String> wrap(PDType0Font font, float size, String text, float maxWidth, int maxLines) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (font.getStringWidth(candidate) / 1000f * size <= maxWidth || current.isEmpty()) {
                current.setLength(0);
                current.append(candidate);
            } else {
                lines.add(current.toString());
                current.setLength(0);
                current.append(word);
            }
        }
        if (!current.isEmpty()) {
            lines.add(current.toString());
        }
        if (lines.size() > maxLines) {
            List<String> cut = new ArrayList<>(lines.subList(0, maxLines));
            String last = cut.get(maxLines - 1);
            while (!last.isEmpty() && font.getStringWidth(last + "…") / 1000f * size > maxWidth) {
                last = last.substring(0, last.length() - 1);
            }
            cut.set(maxLines - 1, last + "…");
            return cut;
        }
        return lines;
    }

    private static byte[] font(String resource) {
        try (InputStream in = PosterRenderer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
