package vn.qrcheckin.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import vn.qrcheckin.testsupport.PrivateStoresResource;

/** One application for all test classes: its own Redis prefix (no database), the OIDC test server, the services behind it. */
@QuarkusTestResource(value = PrivateStoresResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(FakeServices.class)
public final class TestStores {

    private TestStores() {
    }
}
