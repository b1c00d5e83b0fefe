#!/usr/bin/env bash
# Loads demo data into a running suite, through its gateway (GATEWAY_URL, default http://127.0.0.1:8080): a few
# thousand venues spread over the real communes of Hà Nội (one bulk import, as an agency would), then inspections,
# reminders and suspensions so the public non-compliant list has entries. Authenticates against Keycloak with the
# demo client (admin role).
# Usage: scripts/demo-data.sh [venue count, default 3000]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-3000}
GATEWAY_URL=${GATEWAY_URL:-http://127.0.0.1:8080}
KC_URL=${KC_URL:-http://127.0.0.1:8180/realms/qrcheckin}
RUN=.run
mkdir -p $RUN

token() {
  curl -fsS -d grant_type=client_credentials -d client_id=qrcheckin-demo -d client_secret=demo-secret \
    "$KC_URL/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
TOKEN=$(token)

if curl -fsS -H "Authorization: Bearer $TOKEN" "$GATEWAY_URL/api/v1/venues?area=01&limit=1" | grep -q '"id"'; then
  echo "[demo] Hà Nội already has venues from an earlier run: not loading them again"
  exit 0
fi

# Hà Nội (province 01) communes from the official file; venues cycle through them.
awk -F, -v n="$COUNT" 'BEGIN { srand(2021) }
  NR > 1 && $1 == "01" && $5 != "" { c[k++] = $5 }
  END {
    split("RESTAURANT_CAFE SHOP SUPERMARKET MARKET OFFICE_AGENCY FACTORY HOSPITAL_CLINIC PHARMACY SCHOOL BANK_BRANCH BUS_RAIL_STATION TRAFFIC_CHECKPOINT RESIDENTIAL_BUILDING RELIGIOUS_SITE EVENT OTHER", t, " ")
    split("Quán cà phê|Cửa hàng tạp hóa|Siêu thị mini|Chợ|Trụ sở UBND|Công ty TNHH|Phòng khám đa khoa|Nhà thuốc|Trường THCS|Ngân hàng|Bến xe|Chốt kiểm soát|Chung cư|Chùa|Hội trường|Cơ sở", p, "|")
    split("Hoa Sữa|Bình Minh|An Khang|Phú Quý|Thành Công|Hồng Hà|Sông Đà|Tràng An|Thăng Long|Đồng Xuân|Minh Châu|Hạnh Phúc", b, "|")
    split("Quang Trung|Lê Lợi|Trần Phú|Nguyễn Trãi|Kim Mã|Cầu Giấy|Láng Hạ|Giải Phóng|Tô Hiệu|Phùng Hưng|Bà Triệu|Hàng Bài", s, "|")
    split("Nguyễn Văn An|Trần Thị Bình|Lê Văn Cường|Phạm Thị Dung|Hoàng Văn Em|Vũ Thị Hoa|Đặng Văn Giang|Bùi Thị Hạnh", o, "|")
    print "name,type,address,commune_code,owner_name,owner_phone,latitude,longitude"
    for (i = 0; i < n; i++) {
      ty = (i % 16) + 1
      printf "%s %s %d,%s,Số %d đường %s,%s,%s,09%08d,%.5f,%.5f\n", p[ty], b[(i % 12) + 1], i + 1, t[ty], (i % 200) + 1, s[(i % 12) + 1], c[i % k], o[(i % 8) + 1], i, 20.95 + rand() * 0.15, 105.75 + rand() * 0.15
    }
  }' contracts/src/main/resources/admin-units/vn-admin-units-2021.csv > $RUN/demo-venues.csv

echo "[demo] importing $COUNT venues over Hà Nội's communes"
curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv; charset=UTF-8' --data-binary @$RUN/demo-venues.csv \
  "$GATEWAY_URL/api/v1/venues/imports" -o $RUN/demo-import.json
grep -oE '"created":[0-9]+' $RUN/demo-import.json | sed 's/^/[demo] /'

# Some venues break the rules: inspections with violations and fines, reminders, suspensions.
ids=$(grep -oE '"venueId":[0-9]+' $RUN/demo-import.json | cut -d: -f2 | awk 'NR % 97 == 0')
n=0
for id in $ids; do
  n=$((n + 1))
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"inspectorName":"Đoàn kiểm tra liên ngành","violations":["NOT_ENFORCING_SCAN"],"fineVnd":7500000,"note":"Không yêu cầu khách quét mã QR"}' \
    "$GATEWAY_URL/api/v1/venues/$id/inspections"
  if [ $((n % 3)) -eq 0 ]; then
    for _ in 1 2 3; do
      curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"note":"Nhắc nhở"}' \
        "$GATEWAY_URL/api/v1/venues/$id/reminders"
    done
  fi
  if [ $((n % 5)) -eq 0 ]; then
    curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d '{"reason":"Không khắc phục sau 3 lần nhắc nhở"}' "$GATEWAY_URL/api/v1/venues/$id/suspend"
  fi
done
echo "[demo] $n venues inspected with violations (some reminded 3 times, some suspended)"
