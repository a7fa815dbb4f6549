// The shared Access Connector of the 'shared' location layout (LAKEWIRE_LOCATION_LAYOUT): one
// per deployment, in lakewire's resource group, owned by lakewire and by no workspace, so that
// removing any workspace (and its connector) leaves the shared external locations working.
// lakewire grants it the storage data roles itself (the ABAC-constrained delegation on the target
// accounts allows roles for service principals) and registers it as one storage credential per
// metastore; Databricks registers a connector only for a caller holding the built-in Contributor
// role over it (databricks/cli#1486), so lakewire gets Contributor on this one resource.
param name string
param location string
param tags object
param lakewirePrincipalId string

resource connector 'Microsoft.Databricks/accessConnectors@2024-05-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {}
}

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var contributor = facts.builtInRoles.Contributor

resource lakewireContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(connector.id, lakewirePrincipalId, contributor)
  scope: connector
  properties: {
    principalId: lakewirePrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    description: 'lakewire: register the shared Access Connector as a Unity Catalog storage credential'
  }
}

output id string = connector.id
output principalId string = connector.identity.principalId
