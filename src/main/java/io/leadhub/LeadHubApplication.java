package io.leadhub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class LeadHubApplication {
    public static void main(String[] args) {
        SpringApplication.run(LeadHubApplication.class, args);
    }
}
