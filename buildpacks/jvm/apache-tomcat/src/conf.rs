//! The Tomcat base's configuration files Stowage writes (web.xml and catalina.properties come
//! from the distribution). `${port}` and `${access.logging.enabled}` are system properties the
//! `tomcat-launch` exec.d program sets in `CATALINA_OPTS` at launch; `${access.log.directory}`
//! and `${access.log.name}` name the FIFO `bin/setenv.sh` makes.

/// One HTTP connector on `$PORT`, no shutdown port, the client's address and scheme from
/// `X-Forwarded-*` headers, and an access log to standard output, off unless
/// `BPL_TOMCAT_ACCESS_LOGGING_ENABLED` is true (through a FIFO, see [`SETENV_SH`]).
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
               directory="${access.log.directory}" prefix="${access.log.name}" suffix="" fileDateFormat=""
               rotatable="false" buffered="false"
               pattern="[ACCESS] %{org.apache.catalina.AccessLog.RemoteAddr}r %l %u %t &quot;%r&quot; %s %b %Dms"/>
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

/// Sourced by catalina.sh before it starts Java. A valve cannot reopen `/dev/stdout` when the
/// runtime owns it (a root-owned pipe or file, as for a non-root container), so the access log
/// valve writes into a FIFO this user makes, and `cat` copies it to the standard output it
/// inherited. It ends when Java closes the FIFO.
pub(crate) const SETENV_SH: &str = r#"# Written by stowage/apache-tomcat.
access_log_directory="${CATALINA_TMPDIR:-/tmp}"
access_log_name="tomcat-access-$$.log"
rm -f "$access_log_directory/$access_log_name"
if mkfifo "$access_log_directory/$access_log_name"; then
  cat "$access_log_directory/$access_log_name" &
else
  access_log_directory="/dev" access_log_name="null"
fi
CATALINA_OPTS="$CATALINA_OPTS -Daccess.log.directory=$access_log_directory -Daccess.log.name=$access_log_name"
"#;
