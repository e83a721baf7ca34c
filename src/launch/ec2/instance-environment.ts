/**
 * The submission environment as it may travel to an instance (job.json in S3). sbatch's --export=ALL
 * hands a job the whole login environment; an instance gets it too, except what must not leave this
 * machine (credentials, tokens, agent sockets) and what only means something here (spawn-slurm's own
 * settings, the desktop session, a private temporary directory). The instance's own role gives the job
 * its AWS access.
 */
const SECRET_NAME = /TOKEN|SECRET|PASSW(OR)?D|CREDENTIAL|API_?KEY|PRIVATE_KEY|ACCESS_KEY|AUTH/i;
const MACHINE_LOCAL =
  /^(AWS_(PROFILE|DEFAULT_PROFILE|CONFIG_FILE|SHARED_CREDENTIALS_FILE|CONTAINER_.*|WEB_IDENTITY_.*|ROLE_.*|VAULT.*)|SSH_.*|GPG_.*|SPAWN_SLURM_.*|DISPLAY|WAYLAND_DISPLAY|XAUTHORITY|XDG_RUNTIME_DIR|DBUS_SESSION_BUS_ADDRESS|KRB5CCNAME|TMPDIR)$/;

export interface InstanceEnvironment {
  environment: Record<string, string>;
  /** Names left behind, sorted: what submit tells the user it did not send. */
  withheld: string[];
}

export function instanceEnvironment(submitted: Record<string, string>): InstanceEnvironment {
  const environment: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(submitted)) {
    if (SECRET_NAME.test(name) || MACHINE_LOCAL.test(name)) withheld.push(name);
    else environment[name] = value;
  }
  return { environment, withheld: withheld.sort() };
}
