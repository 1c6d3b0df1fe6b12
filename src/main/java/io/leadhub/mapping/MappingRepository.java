package io.leadhub.mapping;

import io.leadhub.connector.WritePolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Field and qualifier mappings of integrations. Every change replaces a whole object's rows at once. */
@Repository
public class MappingRepository {
    private final NamedParameterJdbcTemplate jdbc;

    public MappingRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<FieldMapping> fields(long integrationId, String object) {
        return jdbc.query(
                "SELECT * FROM field_mapping WHERE integration_id = :i AND object_name = :o ORDER BY position, id",
                Map.of("i", integrationId, "o", object),
                (rs, n) -> new FieldMapping(
                        rs.getString("hub_field"),
                        rs.getString("vendor_field"),
                        FieldType.valueOf(rs.getString("field_type")),
                        WritePolicy.valueOf(rs.getString("write_policy")),
                        rs.getBoolean("truncate"),
                        (Integer) rs.getObject("max_length")));
    }

    /** Every object's rows of an integration, in mapping order. */
    public Map<String, List<FieldMapping>> allFields(long integrationId) {
        Map<String, List<FieldMapping>> out = new LinkedHashMap<>();
        jdbc.queryForList(
                        "SELECT DISTINCT object_name FROM field_mapping WHERE integration_id = :i ORDER BY object_name",
                        Map.of("i", integrationId),
                        String.class)
                .forEach(o -> out.put(o, fields(integrationId, o)));
        return out;
    }

    @Transactional
    public void replaceFields(String orgId, long integrationId, String object, List<FieldMapping> rows) {
        jdbc.update(
                "DELETE FROM field_mapping WHERE integration_id = :i AND object_name = :o",
                Map.of("i", integrationId, "o", object));
        int pos = 0;
        for (FieldMapping m : rows) {
            jdbc.update(
                    "INSERT INTO field_mapping (org_id, integration_id, object_name, hub_field, vendor_field, field_type, "
                            + "write_policy, truncate, max_length, position) VALUES (:org, :i, :o, :hub, :vendor, :type, :policy, :trunc, :max, :pos)",
                    new MapSqlParameterSource()
                            .addValue("org", orgId)
                            .addValue("i", integrationId)
                            .addValue("o", object)
                            .addValue("hub", m.hubField())
                            .addValue("vendor", m.vendorField())
                            .addValue("type", m.type().name())
                            .addValue("policy", m.writePolicy().name())
                            .addValue("trunc", m.truncate())
                            .addValue("max", m.maxLength())
                            .addValue("pos", pos++));
        }
    }

    public List<QualifierMapping> qualifiers(long integrationId) {
        return jdbc.query(
                "SELECT * FROM qualifier_mapping WHERE integration_id = :i ORDER BY qualifier, option_value, id",
                Map.of("i", integrationId),
                (rs, n) -> new QualifierMapping(
                        rs.getString("qualifier"),
                        rs.getString("option_value"),
                        rs.getString("object_name"),
                        rs.getString("vendor_field"),
                        rs.getString("vendor_value")));
    }

    @Transactional
    public void replaceQualifiers(String orgId, long integrationId, List<QualifierMapping> rows) {
        jdbc.update("DELETE FROM qualifier_mapping WHERE integration_id = :i", Map.of("i", integrationId));
        for (QualifierMapping q : rows) {
            jdbc.update(
                    "INSERT INTO qualifier_mapping (org_id, integration_id, qualifier, option_value, object_name, vendor_field, vendor_value) "
                            + "VALUES (:org, :i, :q, :v, :o, :vf, :vv)",
                    new MapSqlParameterSource()
                            .addValue("org", orgId)
                            .addValue("i", integrationId)
                            .addValue("q", q.qualifier())
                            .addValue("v", q.value())
                            .addValue("o", q.object())
                            .addValue("vf", q.vendorField())
                            .addValue("vv", q.vendorValue()));
        }
    }
}
