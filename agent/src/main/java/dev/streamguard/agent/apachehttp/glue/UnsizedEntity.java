package dev.streamguard.agent.apachehttp.glue;

import java.util.Set;
import org.apache.hc.core5.http.EntityDetails;

/** A guarded response's entity as the application's consumer sees it: the guard may change its length, so it states none. */
final class UnsizedEntity implements EntityDetails {
    private final EntityDetails entity;

    UnsizedEntity(EntityDetails entity) {
        this.entity = entity;
    }

    @Override
    public long getContentLength() {
        return -1;
    }

    @Override
    public String getContentType() {
        return entity.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return entity.getContentEncoding();
    }

    @Override
    public boolean isChunked() {
        return true;
    }

    @Override
    public Set<String> getTrailerNames() {
        return entity.getTrailerNames();
    }
}
