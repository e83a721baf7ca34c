/**
 * A multi-node EC2 job's node names are EC2's IP-based host names (`ip-10-0-1-5`): the client can
 * derive them from DescribeInstances as the instances do from their metadata, whatever host name
 * scheme the subnet uses, and each instance's /etc/hosts makes them resolve.
 */
export function nodeNameOf(privateIp: string): string {
  return `ip-${privateIp.replace(/\./g, '-')}`;
}
