package io.leadhub.mapping;

import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Field mappings per vendor object, "Set defaults", and qualifier mappings (SPEC §7) over {@link MappingService}. */
@RestController
class MappingController {
    private final MappingService mappings;

    MappingController(MappingService mappings) {
        this.mappings = mappings;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    List<FieldMapping> get(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        return mappings.fields(org, vendor, object);
    }

    @PutMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    List<FieldMapping> put(
            @PathVariable String org,
            @PathVariable String vendor,
            @PathVariable String object,
            @RequestBody List<FieldMapping> rows) {
        return mappings.replaceFields(org, vendor, object, rows);
    }

    @DeleteMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}")
    ResponseEntity<Void> clear(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        mappings.clear(org, vendor, object);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/mappings/{object}/defaults")
    List<FieldMapping> setDefaults(@PathVariable String org, @PathVariable String vendor, @PathVariable String object) {
        return mappings.setDefaults(org, vendor, object);
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/qualifier-mappings")
    List<QualifierMapping> qualifiers(@PathVariable String org, @PathVariable String vendor) {
        return mappings.qualifiers(org, vendor);
    }

    @PutMapping("/api/v1/orgs/{org}/integrations/{vendor}/qualifier-mappings")
    List<QualifierMapping> putQualifiers(
            @PathVariable String org, @PathVariable String vendor, @RequestBody List<QualifierMapping> rows) {
        return mappings.replaceQualifiers(org, vendor, rows);
    }
}
