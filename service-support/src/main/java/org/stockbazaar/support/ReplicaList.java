package org.stockbazaar.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The order replicas as configured, {@code id=url} each ({@code 1=http://127.0.0.1:8093,...}): read by the front end
 * and by every replica the same way, and at start, so a typo stops the service with a message naming the setting
 * and the entry rather than surfacing at the first order.
 */
public final class ReplicaList {

    private ReplicaList() {
    }

    /**
     * The replicas' base URLs by id, lowest id first.
     *
     * @param property the setting's name, for the message ({@code bazaar.frontend.replicas})
     * @throws IllegalArgumentException for an empty list, an entry that is not a positive id and an http(s) URL
     *                                  with a host and no query, or an id named twice
     */
    public static NavigableMap<Integer, URI> parse(String property, List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException(property + " must name at least one order replica");
        }
        NavigableMap<Integer, URI> urls = new TreeMap<>();
        for (String entry : entries) {
            String[] idAndUrl = entry.trim().split("=", 2);
            int id;
            URI url;
            try {
                id = Integer.parseInt(idAndUrl[0].trim());
                url = new URI(idAndUrl.length == 2 ? idAndUrl[1].trim() : "");
            } catch (NumberFormatException | URISyntaxException e) {
                throw bad(property, entry);
            }
            if (id < 1 || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null
                    || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                throw bad(property, entry);
            }
            if (urls.put(id, url) != null) {
                throw new IllegalArgumentException(property + " names replica " + id + " twice");
            }
        }
        return Collections.unmodifiableNavigableMap(urls);
    }

    private static IllegalArgumentException bad(String property, String entry) {
        return new IllegalArgumentException(property + ": '" + entry
                + "' is not id=url (a positive id and an http URL, e.g. 3=http://127.0.0.1:8095)");
    }
}
