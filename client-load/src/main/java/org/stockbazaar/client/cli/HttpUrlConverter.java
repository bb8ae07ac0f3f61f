package org.stockbazaar.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A service's address as the load client can reach it: {@code http://host:port} (plain HTTP, which is what
 * {@code BazaarConnection} speaks). Anything else is refused on the command line, naming what was typed.
 */
public final class HttpUrlConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        URI url;
        try {
            url = new URI(value.trim());
        } catch (URISyntaxException e) {
            url = null;
        }
        if (url == null || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new TypeConversionException("'" + value + "' is not an http URL such as http://127.0.0.1:8091");
        }
        // the scheme in lower case (HTTP://... is the same URL), as the connection expects it
        return URI.create("http" + url.toString().substring(url.getScheme().length()));
    }
}
