package org.stockbazaar.support;

import java.util.Set;

/**
 * Where a caller on the same host reaches a service, given the address it binds to ({@code server.address}): that
 * address, or 127.0.0.1 when it is unset or a wildcard ({@code 0.0.0.0}, {@code ::}, which include the loopback).
 * Used by the container health check and by a front end that tells the catalog where to reach it. Free of Spring,
 * so that the health check's JVM stays small.
 */
public final class BindAddress {

    private static final String LOOPBACK = "127.0.0.1";
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0");

    private BindAddress() {
    }

    /** The host part of a URL to {@code bindAddress} (null or blank: unset), an IPv6 address in brackets. */
    public static String urlHost(String bindAddress) {
        String address = bindAddress == null ? "" : bindAddress.trim();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (address.isEmpty() || WILDCARDS.contains(address)) {
            address = LOOPBACK;
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
