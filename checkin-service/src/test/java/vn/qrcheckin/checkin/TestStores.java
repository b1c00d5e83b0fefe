package vn.qrcheckin.checkin;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;
import vn.qrcheckin.testsupport.QrKeysServerResource;

/** One application for all test classes: its own Redis key prefix, the OIDC test server, published QR keys. */
@QuarkusTestResource(value = PrivateStoresResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(QrKeysServerResource.class)
public final class TestStores {

    private TestStores() {
    }
}
