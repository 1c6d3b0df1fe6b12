package io.leadhub.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A qualifier value mapped to a vendor picklist option ({@code value} -> {@code vendorValue}), or,
 * with {@code value} null, the whole qualifier sent as text to {@code vendorField}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QualifierMapping(String qualifier, String value, String object, String vendorField, String vendorValue) {}
