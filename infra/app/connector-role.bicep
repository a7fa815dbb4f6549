// The custom role lakewire gets where workspaces live: just enough to create an Access Connector
// next to a new workspace, to delete it when the workspace is deleted (offboarding; lakewire
// deletes only connectors carrying its tags for that workspace), and to read the workspace (its
// region, id and URL). Nothing else: no other resource types, no role assignments.
targetScope = 'subscription'

@description('Role definition GUID (deterministic: guid(subscription, role name)).')
param roleGuid string
param roleName string

@description('The subscriptions / resource groups lakewire serves.')
param assignableScopes array

resource connectorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleGuid
  properties: {
    roleName: roleName
    description: 'lakewire: create, read and delete Azure Databricks Access Connectors and read Databricks workspaces.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Databricks/accessConnectors/read'
          'Microsoft.Databricks/accessConnectors/write'
          'Microsoft.Databricks/accessConnectors/delete'
          'Microsoft.Databricks/workspaces/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

output roleGuid string = connectorRole.name
output roleDefinitionId string = connectorRole.id
