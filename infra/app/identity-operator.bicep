// When every Access Connector gets the same user-assigned identity (LAKEWIRE_CONNECTOR_IDENTITY),
// creating a connector assigns that identity: Microsoft.ManagedIdentity/userAssignedIdentities/
// */assign/action on it, which Managed Identity Operator grants (scoped to that one identity).
param identityName string
param principalId string

resource connectorIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

var facts = loadJsonContent('../facts.json') // the facts lakewire's code reads too
var managedIdentityOperator = facts.builtInRoles['Managed Identity Operator']

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(connectorIdentity.id, principalId, managedIdentityOperator)
  scope: connectorIdentity
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', managedIdentityOperator)
    description: 'lakewire: give new Access Connectors this identity'
  }
}
