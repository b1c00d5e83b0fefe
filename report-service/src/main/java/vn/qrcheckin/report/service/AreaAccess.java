package vn.qrcheckin.report.service;

import jakarta.enterprise.context.ApplicationScoped;

import vn.qrcheckin.report.domain.Area;
import vn.qrcheckin.web.Caller;
import vn.qrcheckin.web.ProblemException;

/** An admin sees every area; an operator the area in its token (claim "area": province, district or commune) and what lies within. */
@ApplicationScoped
public class AreaAccess {

    private final AreaTree tree;

    public AreaAccess(AreaTree tree) {
        this.tree = tree;
    }

    public void requireRead(Caller caller, Area area) {
        if (caller.is(Caller.ADMIN)) {
            return;
        }
        String own = caller.area();
        if (own == null || tree.find(own).isEmpty()) {
            throw ProblemException.forbidden("the token names no known area (claim \"area\")");
        }
        if (!area.isWithin(own)) {
            throw ProblemException.forbidden("an operator of area " + own + " may not read the figures of " + area.code());
        }
    }
}
