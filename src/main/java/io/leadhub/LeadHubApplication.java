package io.leadhub;

import io.leadhub.platform.NioBufferCache;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LeadHubApplication {
    public static void main(String[] args) {
        NioBufferCache.limit();
        SpringApplication.run(LeadHubApplication.class, args);
    }
}
