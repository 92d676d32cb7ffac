typedef int scta_placeholder_config;
