package io.leadhub.platform;

import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the YAML routes refer to by name. */
@Configuration
public class CamelBeanConfig {
    /** Collects the lead_sync ids of one integration into a list (the batch). */
    @Bean("syncIdsAggregation")
    GroupedBodyAggregationStrategy syncIdsAggregation() {
        return new GroupedBodyAggregationStrategy();
    }
}
