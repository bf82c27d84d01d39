//! The Tomcat base's configuration files Stowage writes (web.xml and catalina.properties come
//! from the distribution). `${port}` and `${access.logging.enabled}` are system properties the
//! `tomcat-launch` exec.d program sets in `CATALINA_OPTS` at launch.

/// One HTTP connector on `$PORT`, no shutdown port, the client's address and scheme from
/// `X-Forwarded-*` headers, and an access log to standard output, off unless
/// `BPL_TOMCAT_ACCESS_LOGGING_ENABLED` is true.
pub(crate) const SERVER_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by stowage/apache-tomcat. -->
<Server port="-1" shutdown="SHUTDOWN">
  <Listener className="org.apache.catalina.startup.VersionLoggerListener"/>
  <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener"/>
  <Listener className="org.apache.catalina.mbeans.GlobalResourcesLifecycleListener"/>
  <Listener className="org.apache.catalina.core.ThreadLocalLeakPreventionListener"/>
  <Service name="Catalina">
    <Connector port="${port}" protocol="HTTP/1.1" connectionTimeout="20000" bindOnInit="false"/>
    <Engine name="Catalina" defaultHost="localhost">
      <Valve className="org.apache.catalina.valves.RemoteIpValve" protocolHeader="x-forwarded-proto"/>
      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" deployOnStartup="true">
        <Valve className="org.apache.catalina.valves.AccessLogValve"
               enabled="${access.logging.enabled}"
               directory="/dev" prefix="stdout" suffix="" fileDateFormat=""
               rotatable="false" buffered="false"
               pattern="[ACCESS] %{org.apache.catalina.AccessLog.RemoteAddr}r %l %t %D %F %B %S vcap_request_id:%{X-Vcap-Request-Id}i"/>
      </Host>
    </Engine>
  </Service>
</Server>
"#;

/// Resources cached, and no session persistence across restarts (the image is immutable).
pub(crate) const CONTEXT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by stowage/apache-tomcat. -->
<Context>
  <WatchedResource>WEB-INF/web.xml</WatchedResource>
  <WatchedResource>${catalina.base}/conf/web.xml</WatchedResource>
  <Resources cachingAllowed="true" cacheMaxSize="100000"/>
  <Manager pathname=""/>
</Context>
"#;

/// Everything to the console (standard error), one line per record.
pub(crate) const LOGGING_PROPERTIES: &str = "# Written by stowage/apache-tomcat.
handlers = java.util.logging.ConsoleHandler
.handlers = java.util.logging.ConsoleHandler
.level = INFO
java.util.logging.ConsoleHandler.level = FINE
java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter
java.util.logging.ConsoleHandler.encoding = UTF-8
";
