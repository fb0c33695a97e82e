"""Zones on edge sites: what the OP reads from each site's Redfish gateway, how it judges each
node (healthy, at risk, down), what that makes of the zone's capacity and availability, and where
instances run on the site's nodes."""
