package vn.qrcheckin.checkin.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import vn.qrcheckin.contracts.identity.IdType;

class ScannedCardTest {

    @Test
    void chipIdCardWithDiacritics() {
        Person p = ScannedCard.parse("001094012345|013456789|Nguyễn Thị Thuỷ Tiên|21071994|Nữ|Số 12 ngõ 34 Tô Hiệu, Phường Mộ Lao, "
                + "Quận Hà Đông, Hà Nội|15042021").orElseThrow();
        assertEquals(IdType.CCCD, p.idType());
        assertEquals("001094012345", p.number());
        assertEquals("Nguyễn Thị Thuỷ Tiên", p.name());
    }

    @Test
    void chipIdCardWithoutOldNumber() {
        Person p = ScannedCard.parse("079203001122||Đặng Quốc Bảo|03022003|Nam|Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|10062021")
                .orElseThrow();
        assertEquals("079203001122", p.number());
        assertEquals("Đặng Quốc Bảo", p.name());
    }

    @Test
    void healthInsuranceCardWithHexEncodedName() {
        String hexName = HexFormat.of().formatHex("Phạm Văn Đồng".getBytes(StandardCharsets.UTF_8));
        String hexAddress = HexFormat.of().formatHex("Thôn Đông, Xã Văn Đức, Gia Lâm, Hà Nội".getBytes(StandardCharsets.UTF_8));
        Person p = ScannedCard.parse("HN4010123456789|" + hexName + "|01/01/1960|1|" + hexAddress + "|01-007|01/01/2021|-|4|$")
                .orElseThrow();
        assertEquals(IdType.BHYT, p.idType());
        assertEquals("HN4010123456789", p.number());
        assertEquals("Phạm Văn Đồng", p.name());
    }

    @Test
    void healthInsuranceCardWithPlainName() {
        Person p = ScannedCard.parse("dn4797918123456|Vũ Thị Hằng|12/05/1988|2|Đà Nẵng").orElseThrow();
        assertEquals("DN4797918123456", p.number());
        assertEquals("Vũ Thị Hằng", p.name());
    }

    @Test
    void otherContentIsNotACard() {
        assertTrue(ScannedCard.parse("https://example.com").isEmpty());
        assertTrue(ScannedCard.parse("12345|a|b|c|d|e|f").isEmpty());
        assertTrue(ScannedCard.parse("").isEmpty());
        assertTrue(ScannedCard.parse(null).isEmpty());
    }
}
