// The custom role lakewire gets where workspaces live only with LAKEWIRE_ATTACH_CONNECTOR=true:
// read and write Databricks workspaces, to attach each one's Access Connector
// (properties.accessConnector, a read-modify-write PUT of the workspace). Nothing else.
targetScope = 'subscription'

@description('Role definition GUID (deterministic: guid(subscription, role name)).')
param roleGuid string
param roleName string

@description('The subscriptions / resource groups lakewire serves.')
param assignableScopes array

resource attachRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleGuid
  properties: {
    roleName: roleName
    description: 'lakewire: attach Azure Databricks Access Connectors to Databricks workspaces (LAKEWIRE_ATTACH_CONNECTOR).'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Databricks/workspaces/read'
          'Microsoft.Databricks/workspaces/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

output roleGuid string = attachRole.name
