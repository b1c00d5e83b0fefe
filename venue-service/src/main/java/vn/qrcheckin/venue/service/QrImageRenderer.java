package vn.qrcheckin.venue.service;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import vn.qrcheckin.contracts.qr.QrSymbols;

/**
 * Venue QR codes as PNG and SVG. Error correction level H (30 % of the symbol can be lost) so a creased,
 * stained or partly covered poster still scans; a 4-module quiet zone as the standard asks.
 */
@ApplicationScoped
public class QrImageRenderer {

    public static final int QUIET_ZONE = QrSymbols.QUIET_ZONE;
    private static final int MAX_REMEMBERED = 10_000;
    private final Map<String, BitMatrix> symbols = new java.util.concurrent.ConcurrentHashMap<>();
    public static final int MIN_PNG = 128;
    public static final int MAX_PNG = 2048;

    /**
     * The QR modules without quiet zone (true is dark), with a mask that reads back (QrSymbols). Remembered per
     * content: the check decodes the symbol three times, and a venue's code is drawn again and again.
     */
    public BitMatrix modules(String content) {
        BitMatrix known = symbols.get(content);
        if (known != null) {
            return known;
        }
        BitMatrix m = QrSymbols.readable(content, ErrorCorrectionLevel.H, QrSymbols::printAndPhone);
        if (symbols.size() >= MAX_REMEMBERED) {
            symbols.clear(); // rare: more distinct codes drawn than venues asked for at once
        }
        symbols.put(content, m);
        return m;
    }

    /**
     * A square PNG exactly {@code size} pixels wide (as asked), each module a whole number of pixels (crisp
     * edges); the pixels left over widen the quiet zone, which stays at least {@value #QUIET_ZONE} modules.
     */
    public byte[] png(String content, int size) {
        BufferedImage img = QrSymbols.draw(modules(content), size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A scalable SVG: one path, horizontal runs of dark modules merged. */
    public String svg(String content) {
        BitMatrix m = modules(content);
        int total = m.getWidth() + 2 * QUIET_ZONE;
        StringBuilder path = new StringBuilder();
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
                path.append('M').append(start + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + total + " " + total + "\" width=\"" + total * 8
                + "\" height=\"" + total * 8 + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
    }
}
