package vn.qrcheckin.venue.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.qrcheckin.contracts.units.AdminLevel;
import vn.qrcheckin.venue.domain.AdminUnit;
import vn.qrcheckin.web.FieldError;
import vn.qrcheckin.web.ProblemException;
import vn.qrcheckin.web.TextFields;
import vn.qrcheckin.contracts.identity.PhoneNumbers;
import vn.qrcheckin.venue.domain.SearchText;
import vn.qrcheckin.venue.domain.Venue;

/** Field rules of a venue, shared by registration, change and bulk import. */
@ApplicationScoped
public class VenueRules {

    static final int NAME_MAX = 200;
    static final int ADDRESS_MAX = 300;
    static final int OWNER_NAME_MAX = 100;
    /** Vietnam with its islands, generously. */
    static final double LAT_MIN = 8.0, LAT_MAX = 24.0, LON_MIN = 102.0, LON_MAX = 118.0;

    /** Fields a venue always has: a change may leave them out, not set them to null. */
    static final List<String> REQUIRED = List.of("name", "type", "address", "communeCode", "ownerName", "ownerPhone");

    private final AdminUnitDirectory units;
    private final ObjectMapper json;

    public VenueRules(AdminUnitDirectory units, ObjectMapper json) {
        this.units = units;
        this.json = json;
    }

    /**
     * A change as sent: a record cannot tell a field left out from one sent as null, so the body is read as
     * a tree first and a required field set to null is refused, naming it. Unknown fields and wrong types are
     * refused by the strict mapper as for any body.
     */
    public VenueInput patch(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "a JSON object is required");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String field : REQUIRED) {
            if (body.has(field) && body.get(field).isNull()) {
                errors.add(new FieldError(field, "must not be null (leave the field out to keep it)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        try {
            return json.treeToValue(body, VenueInput.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e); // mapped to a 400 naming the field (ProblemMapper unwraps it)
        }
    }

    /**
     * Checks {@code in} and, where valid, writes it onto {@code target}. With {@code complete}, every
     * required field must be present (a registration); otherwise absent fields are left unchanged.
     */
    public void apply(VenueInput in, Venue target, boolean complete, List<FieldError> errors) {
        text(in.name(), "name", NAME_MAX, complete, errors).ifPresent(v -> {
            target.name = v;
            target.searchName = SearchText.fold(v);
        });
        if (in.type() != null) {
            target.type = in.type();
        } else if (complete) {
            errors.add(new FieldError("type", "is required"));
        }
        text(in.address(), "address", ADDRESS_MAX, complete, errors).ifPresent(v -> target.address = v);
        if (in.communeCode() != null) {
            Optional<AdminUnit> commune = units.find(in.communeCode().trim());
            if (commune.isEmpty()) {
                errors.add(new FieldError("communeCode", "unknown commune code " + in.communeCode()));
            } else if (commune.get().level() != AdminLevel.COMMUNE) {
                errors.add(new FieldError("communeCode", in.communeCode() + " is a " + commune.get().level().name().toLowerCase()
                        + ", not a commune"));
            } else {
                setArea(target, commune.get());
            }
        } else if (complete) {
            errors.add(new FieldError("communeCode", "is required"));
        }
        text(in.ownerName(), "ownerName", OWNER_NAME_MAX, complete, errors).ifPresent(v -> target.ownerName = v);
        if (in.ownerPhone() != null) {
            PhoneNumbers.normalise(in.ownerPhone()).ifPresentOrElse(p -> target.ownerPhone = p,
                    () -> errors.add(new FieldError("ownerPhone", "is not a Vietnamese phone number")));
        } else if (complete) {
            errors.add(new FieldError("ownerPhone", "is required"));
        }
        coordinates(in, target, errors);
    }

    private void setArea(Venue target, AdminUnit commune) {
        target.communeCode = commune.code();
        target.districtCode = units.codeAt(commune, AdminLevel.DISTRICT);
        target.provinceCode = units.codeAt(commune, AdminLevel.PROVINCE);
    }

    private static void coordinates(VenueInput in, Venue target, List<FieldError> errors) {
        if ((in.latitude() == null) != (in.longitude() == null)) {
            errors.add(new FieldError(in.latitude() == null ? "latitude" : "longitude", "latitude and longitude go together"));
            return;
        }
        if (in.latitude() == null) {
            return;
        }
        boolean ok = true;
        if (!(in.latitude() >= LAT_MIN && in.latitude() <= LAT_MAX)) {
            errors.add(new FieldError("latitude", "must be between " + LAT_MIN + " and " + LAT_MAX + " (Vietnam)"));
            ok = false;
        }
        if (!(in.longitude() >= LON_MIN && in.longitude() <= LON_MAX)) {
            errors.add(new FieldError("longitude", "must be between " + LON_MIN + " and " + LON_MAX + " (Vietnam)"));
            ok = false;
        }
        if (ok) {
            target.latitude = in.latitude();
            target.longitude = in.longitude();
        }
    }

    private static Optional<String> text(String value, String field, int max, boolean required, List<FieldError> errors) {
        return TextFields.clean(value, field, max, required, errors);
    }
}
