package vn.qrcheckin.contracts.qr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntFunction;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

/**
 * QR symbols that scan: the one place venue codes and personal cards are encoded and drawn.
 * <p>
 * ZXing's detector fails on about 2 % of (content, mask) pairs even on perfect images (measured on random
 * content: 14 of 600 at level M, while another mask of the same content read); the mask the encoder picks by
 * its penalty rule is one of them now and then. So a symbol is drawn, decoded back at print size and at
 * phone-like downscales (area-averaged, as a camera sensor sees it), and another mask is taken when it does not
 * read. A poster's test failed on such a content once key ids grew by six characters.
 */
public final class QrSymbols {

    /** Quiet zone in modules, as the standard asks; drawing may widen it, never narrow it. */
    public static final int QUIET_ZONE = 4;

    private QrSymbols() {
    }

    /**
     * The modules of {@code content} (true is dark), with a mask ZXing reads back at every size that
     * {@code sizes} gives for the symbol's width in modules including the quiet zone (the first is the print
     * size, the others downscales of it).
     */
    public static BitMatrix readable(String content, ErrorCorrectionLevel level, IntFunction<int[]> sizes) {
        QRCode chosen = encode(content, level, -1);
        BitMatrix first = bits(chosen.getMatrix());
        if (reads(first, content, sizes.apply(first.getWidth() + 2 * QUIET_ZONE))) {
            return first;
        }
        for (int mask = 0; mask < 8; mask++) {
            if (mask != chosen.getMaskPattern()) {
                BitMatrix m = bits(encode(content, level, mask).getMatrix());
                if (reads(m, content, sizes.apply(m.getWidth() + 2 * QUIET_ZONE))) {
                    return m;
                }
            }
        }
        return first;
    }

    /** Module sizes of 7, 5.2 and 3.9 pixels: a printed code and a phone camera near and far. */
    public static int[] printAndPhone(int modulesWide) {
        return new int[] { modulesWide * 7, (int) Math.round(modulesWide * 5.2), (int) Math.round(modulesWide * 3.9) };
    }

    /**
     * A square image {@code size} pixels wide, every module the same whole number of pixels (uneven 6/7-pixel
     * modules bend the finder patterns' 1:1:3:1:1), centred; the leftover pixels widen the quiet zone.
     */
    public static BufferedImage draw(BitMatrix m, int size) {
        int scale = Math.max(1, size / (m.getWidth() + 2 * QUIET_ZONE));
        int px = Math.max(size, (m.getWidth() + 2 * QUIET_ZONE) * scale);
        int offset = (px - m.getWidth() * scale) / 2;
        BufferedImage img = new BufferedImage(px, px, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, px, px);
            g.setColor(Color.BLACK);
            for (int y = 0; y < m.getHeight(); y++) {
                for (int x = 0; x < m.getWidth(); x++) {
                    if (m.get(x, y)) {
                        g.fillRect(offset + x * scale, offset + y * scale, scale, scale);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static boolean reads(BitMatrix m, String content, int[] sizes) {
        BufferedImage print = draw(m, sizes[0]);
        for (int size : sizes) {
            // Grey levels as a camera's luminance: a downscale averages the area each pixel covers.
            BufferedImage grey = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = grey.createGraphics();
            g.drawImage(size == print.getWidth() ? print : print.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.dispose();
            byte[] luminance = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
            try {
                if (!content.equals(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                        new PlanarYUVLuminanceSource(luminance, size, size, 0, 0, size, size, false)))).getText())) {
                    return false;
                }
            } catch (ReaderException e) {
                return false;
            }
        }
        return true;
    }

    private static QRCode encode(String content, ErrorCorrectionLevel level, int mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
        if (mask >= 0) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        try {
            return Encoder.encode(content, level, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("QR content too long: " + content.length() + " characters", e);
        }
    }

    private static BitMatrix bits(ByteMatrix m) {
        BitMatrix bits = new BitMatrix(m.getWidth(), m.getHeight());
        for (int y = 0; y < m.getHeight(); y++) {
            for (int x = 0; x < m.getWidth(); x++) {
                if (m.get(x, y) == 1) {
                    bits.set(x, y);
                }
            }
        }
        return bits;
    }
}
